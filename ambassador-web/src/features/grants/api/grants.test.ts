import { describe, expect, it } from 'vitest';
import { validate } from '../../../lib/forms';
import { grantFormSchema, toGrantBody } from './createGrant';
import { allowedTools, globMatches } from './previewTools';

describe('globMatches', () => {
  it.each([
    ['*', 'echo', true],
    ['get-*', 'get-env', true],
    ['get-*', 'echo', false],
    ['ech?', 'echo', true],
    ['ech?', 'ech', false],
    ['a.b', 'axb', false],
    ['(x)', '(x)', true],
  ])('%s against %s is %s', (pattern, name, expected) => {
    expect(globMatches(pattern, name)).toBe(expected);
  });
});

describe('allowedTools', () => {
  it('lets through what some allow matches and no deny matches', () => {
    expect(allowedTools(['echo', 'get-env', 'get-sum', 'trigger'], ['get-*', 'echo'], ['get-env'])).toEqual(['echo', 'get-sum']);
  });
  it('allows nothing without an allow pattern', () => {
    expect(allowedTools(['echo'], [], [])).toEqual([]);
  });
});

const NONE = { allow: '', deny: '', prompt_allow: '', prompt_deny: '', resource_allow: '', resource_deny: '' };

describe('grant form', () => {
  it('turns a user grant into the API body', () => {
    const form = { ...NONE, principal: 'user:u-1', server: 'everything', allow: '*\n', deny: ' get-env \n' };
    expect(validate(grantFormSchema, form).ok).toBe(true);
    expect(toGrantBody(form)).toEqual({
      user_id: 'u-1',
      server: 'everything',
      allow: ['*'],
      deny: ['get-env'],
      prompt_allow: [],
      prompt_deny: [],
      resource_allow: [],
      resource_deny: [],
    });
  });

  it('turns a group grant into the API body', () => {
    expect(toGrantBody({ ...NONE, principal: 'group:g-1', server: 's', prompt_allow: 'greet*', resource_deny: 'file:///etc/*' })).toEqual({
      group_id: 'g-1',
      server: 's',
      allow: [],
      deny: [],
      prompt_allow: ['greet*'],
      prompt_deny: [],
      resource_allow: [],
      resource_deny: ['file:///etc/*'],
    });
  });

  it('accepts a grant of prompts only', () => {
    expect(validate(grantFormSchema, { ...NONE, principal: 'user:u', server: 's', prompt_allow: '*' }).ok).toBe(true);
  });

  it('names the missing parts', () => {
    expect(validate(grantFormSchema, { ...NONE, principal: '', server: '' })).toEqual({
      ok: false,
      errors: {
        principal: 'Choose a user or a group.',
        server: 'Choose a server.',
        allow: 'Allow at least one tool, prompt or resource pattern, e.g. *.',
      },
    });
  });
});
