// The lines a records system prints below a report's rows are refused by name, in each language whose
// exports are read; an incident's row, or a short line that is no footer, is not taken for one.
import { expect, test } from 'vitest';
import { footerLine } from '../../src/ingest/formats/footer-line.ts';

test("a report's totals and footers are named as such, in English, French, Spanish, Portuguese and German", () => {
  for (const line of [
    ['Total: 3 incidents'],
    ['Grand Total', 3],
    ['Page 2 of 2'],
    ['End of report'],
    ['Report generated on 2026-03-14'],
    ['Total général', '120'],
    ['Totaux : 120'],
    ['Page 2 sur 3'],
    ['Fin du rapport'],
    ['Généré le 14/03/2026'],
    ['Página 2 de 3'],
    ['Fin del informe'],
    ['Generado el 14/03/2026 10:15'],
    ['Fim do relatório'],
    ['Gerado em 14/03/2026'],
    ['Seite 2 von 3'],
    ['Gesamt', '120'],
    ['Ende des Berichts'],
    ['Erstellt am 14.03.2026'],
  ])
    expect(footerLine(line), String(line[0])).toMatch(
      /^a line of the report's totals or footer \(".+"\), not an incident$/,
    );
});

test('an incident, or a short line that is no footer, is not taken for a footer', () => {
  for (const line of [
    ['I-1', '2026-03-14 22:10', 'TOTAL LOSS - VEHICLE', '41.88', '-87.63'],
    ['Pagina web'],
    ['Finance office'],
    ['Generador robado', '2026-03-14'],
    [],
  ])
    expect(footerLine(line), String(line[0])).toBeUndefined();
});
