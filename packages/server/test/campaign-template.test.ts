// Campaign templates: checked at save (unknown fields named), rendered with every value escaped
// in HTML, fallbacks for what a customer does not have, pictures as stacked layers.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { checkTemplate, renderMessage, type PersonalValues } from '../src/campaigns/template.ts';

const values: PersonalValues = {
  name: 'Ann <Lee> & "Co"',
  lastDesign: {
    name: 'Blue <b>bike</b>',
    link: 'https://shop.example/designs/d1?campaign=c1',
    layers: ['https://shop.example/a/base', 'https://shop.example/a/frame"x'],
  },
  recommended: null,
  offer: null,
  shopLink: 'https://shop.example/?campaign=c1',
};

test('unknown and unclosed fields are named; pictures and links do not go in the subject', () => {
  assert.deepEqual(checkTemplate('Hi {{name}}', 'See {{lastDesign.link}} {{shop.link|x}}'), []);
  const unknown = checkTemplate('Hi', 'Dear {{ nmae }}');
  assert.equal(unknown.length, 1);
  assert.equal(unknown[0]!.field, 'body');
  assert.match(unknown[0]!.message, /unknown personal field \{\{nmae\}\}; known fields: name, /);
  assert.equal(checkTemplate('{{lastDesign.picture}}', 'x')[0]!.field, 'subject');
  assert.equal(checkTemplate('{{shop.link}}', 'x')[0]!.field, 'subject');
  assert.match(checkTemplate('x', 'Hi {{name')[0]!.message, /never closed/);
  assert.equal(checkTemplate('x', '{{constructor}}').length, 1, 'no inherited names');
});

test('the text part substitutes values, fallbacks for what is missing, nothing for pictures', () => {
  const m = renderMessage(
    '{{name}}:\n{{recommended.name|new}}',
    'Hi {{name}}\n{{lastDesign.picture}}{{lastDesign.name}} {{lastDesign.link}}\n\n{{offer}}{{recommended.link|see the shop}}',
    values,
  );
  assert.equal(m.subject, 'Ann <Lee> & "Co": new', 'one line');
  assert.equal(
    m.text,
    'Hi Ann <Lee> & "Co"\nBlue <b>bike</b> https://shop.example/designs/d1?campaign=c1\n\nsee the shop',
  );
});

test('the HTML part escapes the template and every value, links and pictures included', () => {
  const m = renderMessage(
    'Hi {{name}}',
    '<script>x</script> {{name}}\n{{lastDesign.picture}}\n\n{{lastDesign.link}}',
    values,
  );
  assert.doesNotMatch(m.html, /<script>|<b>|<Lee>/);
  assert.match(m.html, /<title>Hi Ann &lt;Lee&gt; &amp; &quot;Co&quot;<\/title>/);
  assert.match(
    m.html,
    /<p>&lt;script&gt;x&lt;\/script&gt; Ann &lt;Lee&gt; &amp; &quot;Co&quot;<br>/,
  );
  assert.match(
    m.html,
    /<img src="https:\/\/shop\.example\/a\/base" alt="Blue &lt;b&gt;bike&lt;\/b&gt;"/,
  );
  assert.match(m.html, /<img src="https:\/\/shop\.example\/a\/frame&quot;x" alt=""/);
  assert.match(
    m.html,
    /<p><a href="https:\/\/shop\.example\/designs\/d1\?campaign=c1">https:\/\/shop\.example\/designs\/d1\?campaign=c1<\/a><\/p>/,
  );
});

test('a customer without designs gets the fallbacks, and no picture', () => {
  const m = renderMessage('x', '{{lastDesign.picture}}{{lastDesign.name|your idea}}', {
    ...values,
    lastDesign: null,
  });
  assert.equal(m.text, 'your idea');
  assert.doesNotMatch(m.html, /<img/);
});

test('the offer: its sentence and link in the text, an escaped anchor in HTML, the sentence alone in the subject', () => {
  const offer = {
    text: 'Thanks <3: 15 % off, valid until 31 December 2026',
    link: 'https://shop.example/p/bike?offer=o1&campaign=c1',
  };
  const m = renderMessage('{{offer|news}}', 'Hello\n\n{{offer|No offer.}}', { ...values, offer });
  assert.equal(m.subject, 'Thanks <3: 15 % off, valid until 31 December 2026');
  assert.match(
    m.text,
    /^Hello\n\nThanks <3: 15 % off, valid until 31 December 2026 https:\/\/shop\.example\/p\/bike\?offer=o1&campaign=c1$/,
  );
  assert.match(
    m.html,
    /<p>Thanks &lt;3: 15 % off, valid until 31 December 2026 <a href="https:\/\/shop\.example\/p\/bike\?offer=o1&amp;campaign=c1">/,
  );
  const none = renderMessage('{{offer|news}}', '{{offer|No offer.}}', values);
  assert.equal(none.subject, 'news');
  assert.equal(none.text, 'No offer.');
});
