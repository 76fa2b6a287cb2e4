import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createElement } from 'react';
import { renderToStaticMarkup } from 'react-dom/server';
import { FormAlert, SelectField, TextField } from '../src/ui/forms.tsx';
import { fieldMessage } from '../src/ui/fieldMessage.ts';
import { ApiError } from '../src/api/client.ts';

function attr(html: string, tag: string, name: string): string | undefined {
  const element = new RegExp(`<${tag}\\b[^>]*>`).exec(html)?.[0] ?? '';
  return new RegExp(`\\s${name}="([^"]*)"`).exec(element)?.[1];
}

function idOf(html: string, className: string): string | undefined {
  return new RegExp(`class="${className}" id="([^"]+)"`).exec(html)?.[1];
}

test('every text field has a label bound to its input', () => {
  const html = renderToStaticMarkup(
    createElement(TextField, { label: 'Key name', required: true }),
  );
  const id = attr(html, 'input', 'id');
  assert.ok(id);
  assert.equal(attr(html, 'label', 'for'), id);
  assert.match(html, />Key name</);
  assert.equal(attr(html, 'input', 'aria-invalid'), undefined);
  assert.equal(attr(html, 'input', 'aria-describedby'), undefined);
});

test('a field with a server error is marked invalid and described by its hint and the error', () => {
  const html = renderToStaticMarkup(
    createElement(TextField, {
      label: 'Email',
      required: true,
      hint: 'Their work address.',
      error: 'must be an email address',
    }),
  );
  assert.equal(attr(html, 'input', 'aria-invalid'), 'true');
  const hintId = idOf(html, 'field__hint');
  const errorId = idOf(html, 'field__error');
  assert.ok(hintId && errorId);
  assert.equal(attr(html, 'input', 'aria-describedby'), `${hintId} ${errorId}`);
  assert.match(html, /Email must be an email address/);
});

test('a select field is labelled, lists its options and shows its error the same way', () => {
  const html = renderToStaticMarkup(
    createElement(SelectField, {
      label: 'Role',
      value: 'sales',
      onChange: () => {},
      options: [
        { value: 'owner', label: 'Owner' },
        { value: 'sales', label: 'Sales' },
      ],
      error: 'is not allowed for API keys',
    }),
  );
  assert.equal(attr(html, 'label', 'for'), attr(html, 'select', 'id'));
  assert.equal(attr(html, 'select', 'aria-invalid'), 'true');
  assert.equal(attr(html, 'select', 'aria-describedby'), idOf(html, 'field__error'));
  assert.match(html, /<option value="sales" selected="">Sales<\/option>/);
});

test('a fragment message reads as a sentence with the label; a sentence is kept as it is', () => {
  assert.equal(fieldMessage('Password', 'is required'), 'Password is required');
  assert.equal(fieldMessage('Name', 'must not be empty'), 'Name must not be empty');
  assert.equal(fieldMessage('Email', 'This email is already used.'), 'This email is already used.');
});

test('the form alert is announced and says when fields need correcting', () => {
  assert.equal(renderToStaticMarkup(createElement(FormAlert, { error: null })), '');
  const error = new ApiError({
    title: 'Invalid request',
    status: 400,
    detail: 'Some fields are not valid.',
    errors: [{ field: 'email', message: 'is required' }],
  });
  const html = renderToStaticMarkup(createElement(FormAlert, { error }));
  assert.match(html, /role="alert"/);
  assert.match(html, /Invalid request/);
  assert.match(html, /Some fields are not valid\./);
  assert.match(html, /Please correct the marked fields\./);
  const plain = renderToStaticMarkup(
    createElement(FormAlert, { error: new ApiError({ title: 'Sign-in failed', status: 401 }) }),
  );
  assert.doesNotMatch(plain, /marked fields/);
});
