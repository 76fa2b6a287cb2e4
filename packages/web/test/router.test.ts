import { test } from 'node:test';
import assert from 'node:assert/strict';
import { buildPath, matchPath, matchRoute } from '../src/router/match.ts';

test('a literal pattern matches its own path, with or without a trailing slash', () => {
  assert.deepEqual(matchPath('/account', '/account'), {});
  assert.deepEqual(matchPath('/account', '/account/'), {});
  assert.deepEqual(matchPath('/', '/'), {});
  assert.equal(matchPath('/account', '/accounts'), null);
  assert.equal(matchPath('/', '/account'), null);
});

test('a :param segment captures and decodes one segment', () => {
  assert.deepEqual(matchPath('/designs/:id', '/designs/abc%20def'), { id: 'abc def' });
  assert.equal(matchPath('/designs/:id', '/designs'), null);
  assert.equal(matchPath('/designs/:id', '/designs/a/b'), null);
});

test('a malformed percent-escape does not match instead of throwing', () => {
  assert.equal(matchPath('/designs/:id', '/designs/%E0%A4%A'), null);
});

test('a trailing /* matches the section root and anything below it', () => {
  assert.deepEqual(matchPath('/console/*', '/console'), { '*': '' });
  assert.deepEqual(matchPath('/console/*', '/console/api-keys'), { '*': 'api-keys' });
  assert.deepEqual(matchPath('/console/*', '/console/users/42'), { '*': 'users/42' });
  assert.equal(matchPath('/console/*', '/consoles'), null);
});

test('the first matching route in table order wins', () => {
  const routes = [
    { path: '/console', name: 'overview' },
    { path: '/console/*', name: 'section' },
    { path: '/orders/:id', name: 'order' },
  ];
  assert.equal(matchRoute(routes, '/console')?.route.name, 'overview');
  assert.equal(matchRoute(routes, '/console/settings')?.route.name, 'section');
  assert.deepEqual(matchRoute(routes, '/orders/7')?.params, { id: '7' });
  assert.equal(matchRoute(routes, '/nowhere'), null);
});

test('buildPath fills and encodes params, and refuses a missing one', () => {
  assert.equal(buildPath('/orders/:id', { id: 'a/b c' }), '/orders/a%2Fb%20c');
  assert.equal(buildPath('/'), '/');
  assert.throws(() => buildPath('/orders/:id'), /missing param :id/);
});

test('a built path matches its pattern back to the same params', () => {
  const params = { id: 'ü/ß?#' };
  assert.deepEqual(matchPath('/designs/:id', buildPath('/designs/:id', params)), params);
});
