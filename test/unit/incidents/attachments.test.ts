import { expect } from 'chai';
import { AppError } from '../../../server/platform/errors.js';
import { contentDisposition, sanitizeFileName, sniffAttachment } from '../../../server/incidents/attachments.js';

const bytes = (text: string) => Buffer.from(text, 'utf8');
const PDF = Buffer.concat([bytes('%PDF-1.7\n'), Buffer.from([0xe2, 0xe3, 0xcf, 0xd3])]);
const PNG = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13]);
const JPEG = Buffer.from([0xff, 0xd8, 0xff, 0xe0, 0, 16]);
const ZIP = Buffer.from([0x50, 0x4b, 0x03, 0x04, 20, 0]);

function rejected(run: () => unknown): string {
  try {
    run();
  } catch (error) {
    expect(error).to.be.instanceOf(AppError);
    return (error as AppError).code;
  }
  throw new Error('expected a rejection');
}

describe('attachment sniffing and names', () => {
  it('accepts each allowed kind by its content and extension', () => {
    expect(sniffAttachment(PDF, 'bericht.pdf').kind).to.equal('pdf');
    expect(sniffAttachment(PNG, 'screen.PNG').kind).to.equal('png');
    expect(sniffAttachment(JPEG, 'foto.jpeg').kind).to.equal('jpeg');
    expect(sniffAttachment(ZIP, 'logs.zip').kind).to.equal('zip');
    expect(sniffAttachment(bytes('ts,src\n1,198.51.100.7\n'), 'firewall.csv').mediaType).to.equal('text/csv; charset=utf-8');
    expect(sniffAttachment(bytes('{"ioc":["x"]}'), 'iocs.json').kind).to.equal('json');
    expect(sniffAttachment(bytes('Received: from mx\r\nSubject: Rechnung\r\n\r\nHallo'), 'phish.eml').mediaType).to.equal('message/rfc822');
    expect(sniffAttachment(bytes('Ereignisprotokoll'), 'notes.txt').kind).to.equal('txt');
  });

  it('rejects content that does not match its extension, and unknown kinds', () => {
    expect(rejected(() => sniffAttachment(bytes('MZ\x90\x00'), 'tool.exe'))).to.equal('UNSUPPORTED_MEDIA_TYPE');
    expect(rejected(() => sniffAttachment(PNG, 'bild.pdf'))).to.equal('UNSUPPORTED_MEDIA_TYPE');
    expect(rejected(() => sniffAttachment(bytes('not a pdf'), 'x.pdf'))).to.equal('UNSUPPORTED_MEDIA_TYPE');
    expect(rejected(() => sniffAttachment(bytes('{broken'), 'x.json'))).to.equal('UNSUPPORTED_MEDIA_TYPE');
    expect(rejected(() => sniffAttachment(bytes('Hallo ohne Kopf'), 'x.eml'))).to.equal('UNSUPPORTED_MEDIA_TYPE');
    expect(rejected(() => sniffAttachment(Buffer.from([0x41, 0, 0x42]), 'x.txt'))).to.equal('UNSUPPORTED_MEDIA_TYPE');
    expect(rejected(() => sniffAttachment(Buffer.from([0xc3, 0x28]), 'x.txt'))).to.equal('UNSUPPORTED_MEDIA_TYPE');
    expect(rejected(() => sniffAttachment(bytes('noext'), 'README'))).to.equal('UNSUPPORTED_MEDIA_TYPE');
  });

  it('refuses HTML and SVG dressed up as text', () => {
    expect(rejected(() => sniffAttachment(bytes('<!DOCTYPE html><script>alert(1)</script>'), 'x.txt'))).to.equal('UNSUPPORTED_MEDIA_TYPE');
    expect(rejected(() => sniffAttachment(bytes('a,b\n<svg onload=alert(1)>'), 'x.csv'))).to.equal('UNSUPPORTED_MEDIA_TYPE');
    expect(rejected(() => sniffAttachment(bytes('<html></html>'), 'x.html'))).to.equal('UNSUPPORTED_MEDIA_TYPE');
  });

  it('strips paths, traversal and control characters from names', () => {
    expect(sanitizeFileName('../../etc/passwd')).to.equal('passwd');
    expect(sanitizeFileName('..\\..\\windows\\win.ini')).to.equal('win.ini');
    expect(sanitizeFileName('/abs/path/report.pdf')).to.equal('report.pdf');
    expect(sanitizeFileName('..')).to.equal('attachment');
    expect(sanitizeFileName('a\u0000b\r\n"c".txt')).to.equal('abc.txt');
    expect(sanitizeFileName('.htaccess')).to.equal('htaccess');
    expect(sniffAttachment(PDF, '../../../tmp/evil.pdf').fileName).to.equal('evil.pdf');
  });

  it('always builds an attachment disposition with an ASCII fallback', () => {
    expect(contentDisposition('Bericht Ü.pdf')).to.equal(`attachment; filename="Bericht _.pdf"; filename*=UTF-8''Bericht%20%C3%9C.pdf`);
  });
});
