// Files that reach an import in place of an export: a portal's error or sign-in page saved under the
// export's name, a report printed to PDF, an XML document. Each is named, with what to do, rather than
// read as a CSV with no rows under its "header".

const PDF = /^%PDF-/;
const HTML = /^<(!doctype\s+html|html[\s>]|head[\s>]|body[\s>])/i;
const XML = /^<\?xml\s/i;
const TITLE = /<title[^>]*>\s*([^<]{1,200}?)\s*<\/title>/i;

/** Why the start of a file shows it is no export, or undefined when it may be one. */
export function notAnExport(head: string): string | undefined {
  const start = head.replace(/^\ufeff?\s*/, '');
  if (PDF.test(start))
    return 'a PDF document, which is not read: export the incidents from the records system as CSV or Excel (.xlsx), and import that';
  if (HTML.test(start) || (XML.test(start) && /<html[\s>]/i.test(start))) {
    const title = TITLE.exec(start)?.[1]?.replace(/\s+/g, ' ').slice(0, 80);
    return `a web page${title ? ` ("${title}")` : ''}, not an export: the download may have failed or asked for a sign-in; download the export again, and import that`;
  }
  if (XML.test(start))
    return 'an XML document, which is not read: export the incidents as CSV, JSON or Excel (.xlsx), and import that';
  return undefined;
}
