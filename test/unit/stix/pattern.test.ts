// STIX 2.1 Patterning (§9): the tokenizer and recursive-descent parser, the semantic checks,
// the reference listing and the formatter. The pass/fail cases include those of the OASIS
// cti-pattern-validator test suite (stix2patterns/test/v21/test_validator.py).
import { expect } from 'chai';
import {
  PatternSyntaxError,
  formatPattern,
  parsePattern,
  patternReferences,
  tokenize,
  validatePattern,
  type ComparisonExpression,
  type ObservationExpression,
} from '../../../server/stix/index.js';

const VALID = [
  "[file:hashes.'SHA-256' = 'aec070645fe53ee3b3763059376134f058cc337247c978add178b6ccdfb0019f']",
  "[email-message:from_ref.value MATCHES '.+\\\\@example\\\\.com$' AND email-message:body_multipart[*].body_raw_ref.name MATCHES '^Final Report.+\\\\.exe$']",
  "([file:hashes.MD5 = '79054025255fb1a26e4bc422aef54eb4'] FOLLOWEDBY [win-registry-key:key = 'HKEY_LOCAL_MACHINE\\\\foo\\\\bar']) WITHIN 300 SECONDS",
  "[file:extensions.'windows-pebinary-ext'.sections[*].entropy > 7.0]",
  "[file:mime_type = 'image/bmp' AND file:magic_number_hex = h'ffd8']",
  "[network-traffic:dst_ref.type = 'domain-name' AND network-traffic:dst_ref.value = 'example.com'] REPEATS 5 TIMES WITHIN 1800 SECONDS",
  "[(file:name = 'pdf.exe' OR file:size = '371712') AND file:created = t'2014-01-13T07:03:17Z']",
  "[process:command_line MATCHES '^.+>-add GlobalSign.cer -c -s -r localMachine Root$'] FOLLOWEDBY [process:command_line MATCHES'^.+>-add GlobalSign.cer -c -s -r localMachineTrustedPublisher$'] WITHIN 300 SECONDS",
  "[network-traffic:dst_ref.value ISSUBSET '2001:0db8:dead:beef:0000:0000:0000:0000/64']",
  "([file:name = 'foo.dll'] AND [win-registry-key:key = 'HKEY_LOCAL_MACHINE\\\\foo\\\\bar']) OR [process:name = 'fooproc' OR process:name = 'procfoo']",
  "( [(network-traffic:dst_port IN(443,6443,8443) AND network-traffic:src_packets != 0) ])",
  '[file:size = 1280]', '[file:size != 1280]', '[file:size < 1024]', '[file:size <= 1024]', '[file:size > 1024]', '[file:size >= 1024]',
  "[file:extended_properties.'ntfs-ext'.sid = '234']",
  "[ipv4addr:value NOT ISSUBSET '192.168.0.1/24']",
  "[user-account:value = 'Peter'] AND [user-account:value != 'Paul'] AND [user-account:value = 'Mary'] WITHIN 5 SECONDS",
  "[file:file_system_properties.file_name LIKE 'name%']",
  "[file:file_name IN ('test.txt', 'test2.exe', 'README')]",
  "[network-connection:extended_properties[0].source_payload MATCHES 'dGVzdHRlc3R0ZXN0']",
  "[x_whatever:detected == t'2018-03-22T12:11:14.1Z']",
  "[artifact:payload_bin = b'dGhpcyBpcyBhIHRlc3Q=']",
  '[foo:bar=1] REPEATS 9 TIMES',
  "([win-registry-key:key = 'hkey_local_machine\\\\foo\\\\bar']) WITHIN 5 SECONDS WITHIN 6 SECONDS",
  "([win-registry-key:key = 'hkey_local_machine\\\\foo\\\\bar'] REPEATS 2 TIMES) REPEATS 2 TIMES",
  "[network-traffic:src_port = 37020 AND user-account:user_id = 'root'] START t'2016-06-01T01:30:00.123Z' STOP t'2016-06-01T02:20:00.123Z' OR [ipv4-addr:value = '192.168.122.83'] START t'2016-06-01T03:55:00.123Z' STOP t'2016-06-01T04:30:24.743Z'",
  // Our own additions: EXISTS, booleans, negative numbers and indices, floats, empty sets, comments, <>.
  '[EXISTS windows-registry-key:values AND windows-registry-key:values[-1].data > -1.5]',
  '[x-lagebild:flag = true AND x-lagebild:other != false]',
  '[file:size IN ()]',
  "[file:name = 'a'] /* block comment */ AND [file:name = 'b'] // trailing comment",
  "[file:name <> 'a' AND file:size == +5 AND file:weight < .5]",
  "[file:name = 'it\\'s']",
  "[file:'quoted-first'.x = 1]",
  "[file:hashes.MD5 IN ('cead3f77f6cda6ec00f57d76c9a6879f', 'cead3f77f6cda6ec00f57d76c9a69faa')]",
  "[a:b = h'']",
  "[a:b = 1]\u00a0WITHIN\u20035.5 SECONDS",
];

const INVALID: [string, number, RegExp][] = [
  ['file:size = 1280', 0, /Expected '\[' or '\('/],
  ['[file:size = ]', 13, /Expected a literal/],
  ['[file:hashes.MD5 = cead3f77f6cda6ec00f57d76c9a6879f]', 19, /Expected a literal/],
  ['[file.size = 1280]', 5, /Expected ':'/],
  ['[file:name MATCHES /.*\\.dll/]', 19, /Unexpected character/],
  ["[win-registry-key:key = 'x'] WITHIN ]", 36, /positive number of seconds/],
  ["[win-registry-key:key = 'x'] WITHIN 5 HOURS]", 38, /Expected SECONDS/],
  ["[win-registry-key:key = 'x'] WITHIN -5 SECONDS", 36, /positive number of seconds/],
  ['[network-traffic:dst_ref.value ISSUBSET ]', 40, /Expected a string literal/],
  ["[file:hashes.MD5 =? 'cead3f77f6cda6ec00f57d76c9a6879f']", 18, /Unexpected character "\?"/],
  ["[x_whatever:detected == t'2457-73-22T32:81:84.1Z']", 24, /Invalid timestamp literal/],
  ["[artifact:payload_bin = b'====']", 24, /Invalid base64 literal/],
  ['[foo:bar=1] within 2 seconds', 12, /Expected AND, OR, FOLLOWEDBY/],
  ["[file:hashes.'SHA-256' = 'f00']", 25, /Not a valid SHA-256 hash value/],
  ["[a:b = 'x'] WITHIN 5 SECONDS WITHIN 6 SECONDS", 12, /Duplicate WITHIN/],
  ["([a:b = 'x'] REPEATS 2 TIMES REPEATS 3 TIMES)", 13, /Duplicate REPEATS/],
  ["[a:b = 'x'] START t'2016-06-01T01:30:00.123Z' STOP t'2016-06-01T02:20:00.123Z' START t'2016-06-01T01:30:00.123Z' STOP t'2016-06-01T02:20:00.123Z'", 12, /Duplicate START-STOP/],
  // Our own: grammar corners and semantic rules.
  ['', 0, /Expected '\[' or '\(' but found end of pattern/],
  ['[]', 1, /Expected an object type/],
  ['[a:b = 1', 8, /Expected AND, OR or '\]'/],
  ["[a:b = 'unterminated]", 7, /Unterminated string/],
  ["[a:b = 'bad \\d escape']", 12, /Invalid escape/],
  ['[a:b = 01]', 7, /leading zeros/],
  ['[a:b-c = 1]', 3, /property name/],
  ['[a:b.c-d = 1]', 5, /property name/],
  ['[a:b > true]', 7, /orderable literal/],
  ["[a:b LIKE 5]", 10, /Expected a string literal/],
  ["[a:b IN 'x']", 8, /'\(' starting a set/],
  ["[a:b IN ('x',)]", 13, /Expected a literal/],
  ['[a:b = 1] REPEATS 0 TIMES', 10, /REPEATS needs a positive/],
  ['[a:b = 1] REPEATS 1.5 TIMES', 18, /positive integer/],
  ['[a:b = 1] WITHIN 0 SECONDS', 10, /WITHIN needs a positive/],
  ["[a:b = 1] START t'2016-06-01T02:00:00Z' STOP t'2016-06-01T01:00:00Z'", 10, /STOP must be later than START/],
  ["[a:b = 1] START '2016-06-01T01:00:00Z' STOP '2016-06-01T02:00:00Z'", 16, /timestamp literal/],
  ['[a:b = 1] AND', 13, /Expected '\[' or '\('/],
  ['[a:b = 1] [a:c = 2]', 10, /Expected AND, OR, FOLLOWEDBY/],
  ['[a:b = 1 /* open', 9, /Unterminated comment/],
  ['[a:b[x] = 1]', 5, /list index or '\*'/],
  ['[AND:b = 1]', 1, /Expected an object type/],
  ['[a:b = 1] FOLLOWEDBY', 20, /Expected '\[' or '\('/],
  ['[a:b = -]', 7, /Unexpected character "-"/],
  ["[a:b = t'2021-02-29T00:00:00Z']", 7, /Invalid timestamp literal/],
  ["[a:b = h'abc']", 7, /Invalid hex literal/],
  ['[a:b NOT EXISTS]', 9, /comparison operator/],
];

function comparisonOf(expression: ObservationExpression): ComparisonExpression {
  if (expression.type !== 'observation') throw new Error(`expected an observation, got ${expression.type}`);
  return expression.comparison;
}

describe('stix pattern parser', () => {
  describe('accepts valid patterns', () => {
    for (const pattern of VALID) {
      it(pattern, () => {
        const result = validatePattern(pattern);
        expect(result.ok, result.ok ? '' : `${result.error.offset}: ${result.error.message}`).to.equal(true);
      });
    }
  });

  describe('rejects invalid patterns with offset and message', () => {
    for (const [pattern, offset, message] of INVALID) {
      it(pattern === '' ? '(empty)' : pattern, () => {
        const result = validatePattern(pattern);
        if (result.ok) expect.fail('accepted an invalid pattern');
        expect(result.error).to.be.instanceOf(PatternSyntaxError);
        expect(result.error.message).to.match(message);
        expect(result.error.offset).to.equal(offset);
      });
    }
  });

  it('parsePattern throws PatternSyntaxError; semantic rules belong to validatePattern', () => {
    expect(() => parsePattern('[a:b =')).to.throw(PatternSyntaxError);
    expect(() => parsePattern("[file:hashes.MD5 = 'short']")).not.to.throw();
    expect(validatePattern("[file:hashes.MD5 = 'short']").ok).to.equal(false);
  });

  it('never echoes literal content in error messages', () => {
    const result = validatePattern("[file:hashes.'SHA-256' = 'secret-indicator-value']");
    expect(result.ok).to.equal(false);
    if (!result.ok) expect(result.error.message).not.to.include('secret');
    const syntax = validatePattern("[file:name = 'secret-name' 'second']");
    if (!syntax.ok) expect(syntax.error.message).not.to.include('secret');
  });

  it('builds left-associative trees with FOLLOWEDBY < OR < AND precedence', () => {
    const ast = parsePattern("[a:x = 1] OR [a:x = 2] AND [a:x = 3] FOLLOWEDBY [a:x = 4]");
    const root = ast.expression;
    expect(root.type === 'observation-binary' && root.operator).to.equal('FOLLOWEDBY');
    if (root.type !== 'observation-binary') return;
    expect(root.left.type === 'observation-binary' && root.left.operator).to.equal('OR');
    if (root.left.type !== 'observation-binary') return;
    expect(root.left.right.type === 'observation-binary' && root.left.right.operator).to.equal('AND');
  });

  it('binds qualifiers tighter than AND and keeps their values', () => {
    const ast = parsePattern("[a:x = 1] AND [a:y = 2] REPEATS 3 TIMES WITHIN 2.5 SECONDS");
    const root = ast.expression;
    if (root.type !== 'observation-binary') return expect.fail('expected AND at the root');
    expect(root.left.type).to.equal('observation');
    const within = root.right;
    if (within.type !== 'qualified') return expect.fail('expected a qualifier');
    expect(within.qualifier).to.deep.include({ kind: 'within', seconds: 2.5 });
    expect(within.expression.type === 'qualified' && within.expression.qualifier).to.deep.include({ kind: 'repeats', times: 3 });
  });

  it('decodes object paths and literals', () => {
    const comparison = comparisonOf(parsePattern("[file:extensions.'windows-pebinary-ext'.sections[*].name NOT = 'it\\'s \\\\x']").expression);
    if (comparison.type !== 'comparison') return expect.fail('expected a comparison');
    expect(comparison.path.objectType).to.equal('file');
    expect(comparison.path.steps).to.deep.equal([
      { kind: 'property', name: 'extensions' },
      { kind: 'property', name: 'windows-pebinary-ext' },
      { kind: 'property', name: 'sections' },
      { kind: 'index', index: '*' },
      { kind: 'property', name: 'name' },
    ]);
    expect(comparison.negated).to.equal(true);
    expect(comparison.value).to.deep.include({ kind: 'string', value: "it's \\x" });
  });

  it('tokenizes keywords case-sensitively and prefixed literals by longest match', () => {
    const kinds = tokenize("AND and h'ff' hx t'2020-01-01T00:00:00Z' b'AAAA' IN( true").map((t) => t.kind);
    expect(kinds).to.deep.equal(['keyword', 'identifier', 'hex', 'identifier', 'timestamp', 'binary', 'keyword', '(', 'bool', 'eof']);
  });

  it('lists referenced object types and paths', () => {
    const ast = parsePattern("[file:hashes.'SHA-256' = 'aa' AND file:name = 'x'] OR ([ipv4-addr:value = '1.2.3.4'] AND [file:name = 'y'])");
    expect(patternReferences(ast)).to.deep.equal({
      objectTypes: ['file', 'ipv4-addr'],
      objectPaths: ["file:hashes.'SHA-256'", 'file:name', 'ipv4-addr:value'],
    });
  });

  it('formats to canonical text that parses back to the same pattern', () => {
    expect(formatPattern(parsePattern("[file:name=='a'AND file:size<>+5]WITHIN 5.0 SECONDS"))).to.equal(
      "[file:name = 'a' AND file:size != +5] WITHIN 5 SECONDS",
    );
    for (const pattern of VALID) {
      const once = formatPattern(parsePattern(pattern));
      expect(formatPattern(parsePattern(once)), pattern).to.equal(once);
    }
  });

  it('caps nesting instead of overflowing the stack', () => {
    const deep = `${'('.repeat(5000)}[a:b = 1]${')'.repeat(5000)}`;
    const result = validatePattern(deep);
    expect(result.ok).to.equal(false);
    if (!result.ok) expect(result.error.message).to.match(/nested too deeply/);
    const inner = `[${'('.repeat(5000)}a:b = 1${')'.repeat(5000)}]`;
    expect(validatePattern(inner).ok).to.equal(false);
    expect(validatePattern(`${'('.repeat(50)}[a:b = 1]${')'.repeat(50)}`).ok).to.equal(true);
  });

  it('rejects non-string input without throwing', () => {
    expect(validatePattern(42 as unknown as string).ok).to.equal(false);
  });
});
