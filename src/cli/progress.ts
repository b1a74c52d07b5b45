// A one-line progress bar on a terminal; nothing at all when output is not a terminal.

export interface Progress {
  update(bytes: number, rows: number): void;
  done(): void;
}

export function progressBar(label: string, totalBytes: number, stream: NodeJS.WriteStream): Progress {
  if (!stream.isTTY) return { update() {}, done() {} };
  const started = Date.now();
  let last = 0;
  return {
    update(bytes, rows) {
      const now = Date.now();
      if (now - last < 100) return;
      last = now;
      const share = totalBytes > 0 ? Math.min(1, bytes / totalBytes) : 0;
      const width = 24;
      const filled = Math.round(share * width);
      const rate = Math.round(rows / Math.max(0.001, (now - started) / 1000));
      stream.write(
        `\r${label} [${'#'.repeat(filled)}${'.'.repeat(width - filled)}] ${Math.round(share * 100)}% ` +
          `${rows.toLocaleString('en-US')} rows, ${rate.toLocaleString('en-US')}/s `,
      );
    },
    done() {
      stream.write('\r\x1b[2K');
    },
  };
}
