/**
 * Writes small, valid PDF files for the fax document tests. No PDF library is installed,
 * so this builds the file by hand: objects, a correct cross-reference table and trailer.
 * Each page carries a line of Helvetica text and a filled black bar (the bar gives the
 * tests dark pixels that do not depend on which font poppler substitutes for Helvetica).
 */

export interface PdfOptions {
  pages: number;
  /** Page size in PostScript points; A4 by default. */
  widthPt?: number;
  heightPt?: number;
  /**
   * Adds a standard security handler whose user password is not empty, so a reader
   * cannot open the file without a password (the O/U entries are made-up bytes).
   */
  encryptedWithUnknownPassword?: boolean;
}

export function makePdf(options: PdfOptions): Buffer {
  const width = options.widthPt ?? 595;
  const height = options.heightPt ?? 842;
  const objects: string[] = [];
  // Object numbers: 1 catalog, 2 page tree, 3 font, then a page and its content per page.
  const pageObjectNumber = (i: number) => 4 + i * 2;
  const kids = Array.from({ length: options.pages }, (_, i) => `${pageObjectNumber(i)} 0 R`).join(' ');
  objects.push('<< /Type /Catalog /Pages 2 0 R >>');
  objects.push(`<< /Type /Pages /Kids [${kids}] /Count ${options.pages} >>`);
  objects.push('<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>');
  for (let i = 0; i < options.pages; i++) {
    const content =
      `BT /F1 28 Tf 60 ${height - 90} Td (Fax on demand test page ${i + 1}) Tj ET\n` +
      `0 0 0 rg 60 ${height - 200} ${width - 120} 40 re f\n`;
    objects.push(
      `<< /Type /Page /Parent 2 0 R /MediaBox [0 0 ${width} ${height}] ` +
        `/Resources << /Font << /F1 3 0 R >> >> /Contents ${pageObjectNumber(i) + 1} 0 R >>`,
    );
    objects.push(`<< /Length ${Buffer.byteLength(content, 'latin1')} >>\nstream\n${content}endstream`);
  }
  let encryptRef = '';
  if (options.encryptedWithUnknownPassword) {
    const filler = (byte: string) => `<${byte.repeat(32)}>`;
    objects.push(`<< /Filter /Standard /V 1 /R 2 /O ${filler('5a')} /U ${filler('a5')} /P -4 >>`);
    encryptRef = ` /Encrypt ${objects.length} 0 R /ID [<${'11'.repeat(16)}> <${'11'.repeat(16)}>]`;
  }

  let body = '%PDF-1.4\n%\xe2\xe3\xcf\xd3\n';
  const offsets: number[] = [];
  objects.forEach((object, index) => {
    offsets.push(Buffer.byteLength(body, 'latin1'));
    body += `${index + 1} 0 obj\n${object}\nendobj\n`;
  });
  const xrefOffset = Buffer.byteLength(body, 'latin1');
  body += `xref\n0 ${objects.length + 1}\n0000000000 65535 f \n`;
  for (const offset of offsets) body += `${String(offset).padStart(10, '0')} 00000 n \n`;
  body += `trailer\n<< /Size ${objects.length + 1} /Root 1 0 R${encryptRef} >>\nstartxref\n${xrefOffset}\n%%EOF\n`;
  return Buffer.from(body, 'latin1');
}
