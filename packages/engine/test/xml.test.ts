import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseXml, XmlError, importXcsp, compile, createSession } from '../src/index.ts';

test('the XML reader keeps attributes, text, entities and CDATA', () => {
  const root = parseXml(
    '<?xml version="1.0"?><!-- c --><a x="1 &amp; 2"><b>t &lt; u</b><c/><![CDATA[<raw>]]></a>',
  );
  assert.equal(root.name, 'a');
  assert.equal(root.attrs.x, '1 & 2');
  assert.equal(root.children[0]!.text, 't < u');
  assert.equal(root.children[1]!.name, 'c');
  assert.equal(root.text, '<raw>');
});

test('malformed XML is reported with line and column', () => {
  assert.throws(
    () => parseXml('<a>\n<b></a>'),
    (e: unknown) => e instanceof XmlError && e.line === 2,
  );
});

test('XCSP supports and conflicts tables become allow and forbid rules', () => {
  const xml = `<instance><presentation format="XCSP 2.1"/>
<domains nbDomains="1"><domain name="D0" nbValues="3">0..2</domain></domains>
<variables nbVariables="2"><variable domain="D0" name="x"/><variable domain="D0" name="y"/></variables>
<relations nbRelations="2">
<relation arity="2" name="R0" nbTuples="2" semantics="supports">0 1|1 2</relation>
<relation arity="2" name="R1" nbTuples="1" semantics="conflicts">1 2</relation>
</relations>
<constraints nbConstraints="2">
<constraint arity="2" name="C0" reference="R0" scope="x y"/>
<constraint arity="2" name="C1" reference="R1" scope="x y"/>
</constraints></instance>`;
  const { model } = importXcsp(xml);
  const s = createSession(compile(model));
  assert.equal(s.count(), 1n);
  assert.deepEqual(s.domains(), { x: [0], y: [1] });
  const named = importXcsp(
    xml,
    new Map([
      ['x', ['a', 'b', 'c']],
      ['y', ['p', 'q', 'r']],
    ]),
  );
  assert.deepEqual(createSession(compile(named.model)).domains(), { x: ['a'], y: ['q'] });
});
