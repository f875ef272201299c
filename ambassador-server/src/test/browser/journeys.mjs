// The web UI's journeys in a real browser against the real server. Prints PASS/FAIL per check and,
// last, one line "RESULT {json}" that WebUiEndToEndTests reads. Exits non-zero when anything failed.
import { fileURLToPath } from 'node:url';
import path from 'node:path';
import {
  Recorder,
  accessible,
  assert,
  fetchFromPage,
  heading,
  inspect,
  launch,
  newContext,
  readPem,
} from './harness.mjs';

const BASE = required('AMBASSADOR_URL');
const FIRST_PASSWORD = required('AMBASSADOR_FIRST_PASSWORD');
const SERVER_CERT = readPem(required('AMBASSADOR_SERVER_CERT'));
const SCREENSHOTS = process.env.SCREENSHOT_DIR ?? '';
const HOSTILE = path.join(path.dirname(fileURLToPath(import.meta.url)), 'hostile-server.mjs');
const NODE = process.env.DOWNSTREAM_NODE ?? process.execPath;

const ADMIN_PASSWORD = 'Lantern-orchard-quietly-hums-2049';
const USER = { username: 'dana', password: 'Violet-harbor-tuesday-kettle-81' };
const AUDITOR = { username: 'audra', password: 'Copper-meadow-silent-ferry-73' };
const HOSTILE_DESCRIPTION = '<img src=x onerror=alert(1)>';

function required(name) {
  const value = process.env[name];
  if (!value) throw new Error(`${name} is not set`);
  return value;
}

async function signIn(page, username, password) {
  await page.goto('/');
  await page.waitForURL('**/sign-in');
  await page.getByLabel('Username', { exact: true }).fill(username);
  await page.getByLabel('Password', { exact: true }).fill(password);
  await page.getByRole('button', { name: 'Sign in' }).click();
}

async function menu(page) {
  return page.getByRole('navigation', { name: 'Main' }).getByRole('link').allTextContents();
}

async function adminJourney(browser, recorder) {
  const context = await newContext(browser, recorder, BASE, 'admin');
  await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: BASE });
  const page = await context.newPage();
  let issuedKey = '';

  await recorder.check('sign-in page for a visitor', async () => {
    await page.goto('/users');
    await page.waitForURL('**/sign-in');
    await heading(page, 'Sign in');
    await inspect(page, recorder, SCREENSHOTS, 'sign-in');
  });

  await recorder.check('first-run admin must replace the generated password', async () => {
    await signIn(page, 'admin', FIRST_PASSWORD);
    await heading(page, 'Replace the generated password');
    assert((await page.getByRole('navigation', { name: 'Main' }).count()) === 0, 'the menu shows before the password is replaced');
    const refused = await fetchFromPage(page, '/v1/admin/users');
    assert(refused.status === 403 && refused.body.includes('password-change-required'), `admin API answered ${refused.status} ${refused.body}`);
    await inspect(page, recorder, SCREENSHOTS, 'replace-password');
  });

  await recorder.check('weak password refused with the server’s feedback', async () => {
    await page.getByLabel('Current password', { exact: true }).fill(FIRST_PASSWORD);
    await page.getByLabel('New password', { exact: true }).fill('aaaaaaaaaaaa');
    await page.getByLabel('Repeat the new password', { exact: true }).fill('aaaaaaaaaaaa');
    await page.getByRole('button', { name: 'Change password' }).click();
    const feedback = page.locator('.error-text');
    await feedback.first().waitFor();
    const text = (await feedback.allTextContents()).join(' ');
    assert(text.trim().length > 0, 'no feedback shown');
    await heading(page, 'Replace the generated password');
    await accessibleHere(page, recorder, 'weak password feedback');
  });

  await recorder.check('replacing the password opens the admin pages', async () => {
    await page.getByLabel('Current password', { exact: true }).fill(FIRST_PASSWORD);
    await page.getByLabel('New password', { exact: true }).fill(ADMIN_PASSWORD);
    await page.getByLabel('Repeat the new password', { exact: true }).fill(ADMIN_PASSWORD);
    await page.getByRole('button', { name: 'Change password' }).click();
    await heading(page, 'Users');
    const items = await menu(page);
    assert(items.join(',') === 'Users,Groups,Servers,Grants,Rate limits,Kill switches,Sessions,Audit,Account', `menu: ${items}`);
    const allowed = await fetchFromPage(page, '/v1/admin/users');
    assert(allowed.status === 200, `admin API answered ${allowed.status}`);
  });

  await recorder.check('admin creates a user and an auditor', async () => {
    for (const person of [USER, AUDITOR]) {
      await page.getByLabel('Username', { exact: true }).fill(person.username);
      await page.getByLabel('Password', { exact: true }).fill(person.password);
      if (person === AUDITOR) {
        await page.getByRole('checkbox', { name: /^USER/ }).uncheck();
        await page.getByRole('checkbox', { name: /^AUDITOR/ }).check();
      }
      await page.getByRole('button', { name: 'Create user' }).click();
      await page.getByRole('status').filter({ hasText: `Created ${person.username}.` }).waitFor();
      await page.getByRole('link', { name: person.username, exact: true }).waitFor();
    }
    await inspect(page, recorder, SCREENSHOTS, 'users');
  });

  await recorder.check('admin makes a group and adds the user', async () => {
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Groups' }).click();
    await heading(page, 'Groups');
    await page.getByLabel('Group name', { exact: true }).fill('developers');
    await page.getByLabel('Description', { exact: true }).fill('People who build things');
    await page.getByRole('button', { name: 'Create group' }).click();
    await page.getByRole('heading', { level: 2, name: 'developers' }).waitFor();
    await page.getByLabel('New member of developers', { exact: true }).selectOption({ label: USER.username });
    await page.getByRole('button', { name: 'Add member' }).click();
    await page.getByRole('button', { name: `Remove ${USER.username} from developers` }).waitFor();
    await inspect(page, recorder, SCREENSHOTS, 'groups');
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Users' }).click();
    await heading(page, 'Users');
  });

  await recorder.check('admin issues a key, revealed once and copied', async () => {
    await page.getByRole('link', { name: USER.username, exact: true }).click();
    await heading(page, USER.username);
    await page.getByLabel('Key name', { exact: true }).fill('laptop');
    await page.getByRole('button', { name: 'Issue key' }).click();
    const shown = page.getByTestId('issued-key');
    await shown.waitFor();
    issuedKey = (await shown.textContent()) ?? '';
    assert(/^amb_pk_[A-Za-z0-9_-]{20,}$/.test(issuedKey), `revealed ${issuedKey}`);
    await page.getByRole('button', { name: 'Copy key' }).click();
    await page.getByText('Copied to the clipboard.').waitFor();
    const clipboard = await page.evaluate(() => navigator.clipboard.readText());
    assert(clipboard === issuedKey, 'the clipboard does not hold the key');
    await accessibleHere(page, recorder, 'key reveal');
    await page.getByRole('button', { name: 'I have stored it' }).click();
    await shown.waitFor({ state: 'detached' });
    assert(!(await page.content()).includes(issuedKey), 'the key is still in the page');
    await page.reload();
    await heading(page, USER.username);
    await page.getByRole('cell', { name: 'laptop', exact: true }).waitFor();
    assert(!(await page.content()).includes(issuedKey), 'the key came back after a reload');
    await inspect(page, recorder, SCREENSHOTS, 'user-detail');
  });

  await recorder.check('admin adds a server; its markup-laden tool descriptions stay inert text', async () => {
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Servers' }).click();
    await heading(page, 'Catalog servers');
    await page.getByLabel('Slug', { exact: true }).fill('notes');
    await page.getByLabel('Display name', { exact: true }).fill('Notes <b>server</b>');
    await page.getByLabel('Command', { exact: true }).fill(`${NODE}\n${HOSTILE}`);
    await page.getByLabel('Status', { exact: true }).selectOption('published');
    await page.getByRole('button', { name: 'Add server' }).click();
    await page.getByRole('status').filter({ hasText: 'Added notes.' }).waitFor();
    await inspect(page, recorder, SCREENSHOTS, 'servers');
    await page.getByRole('link', { name: 'notes', exact: true }).click();
    await heading(page, 'Notes <b>server</b>');
    await page.getByRole('button', { name: 'Discover tools' }).click();
    const description = page.locator('td.tool-description').first();
    await description.waitFor();
    assert((await description.textContent()) === HOSTILE_DESCRIPTION, `shown: ${await description.textContent()}`);
    assert((await page.locator('main img, main script, main b').count()) === 0, 'downstream markup became elements');
    await inspect(page, recorder, SCREENSHOTS, 'server-detail');
  });

  await recorder.check('admin grants the user tools with a live preview', async () => {
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Grants' }).click();
    await heading(page, 'Grants');
    await page.getByLabel('Who', { exact: true }).selectOption({ label: `User ${USER.username}` });
    await page.getByLabel('Server', { exact: true }).selectOption({ label: 'notes (published)' });
    await page.getByText('2 of 2 tools allowed on notes.').waitFor();
    await page.getByLabel('Deny', { exact: true }).fill('era*');
    await page.getByText('1 of 2 tools allowed on notes.').waitFor();
    await page.getByRole('button', { name: 'Add grant' }).click();
    await page.getByRole('status').filter({ hasText: 'Grant added.' }).waitFor();
    await page.getByRole('cell', { name: `user ${USER.username}` }).waitFor();
    await inspect(page, recorder, SCREENSHOTS, 'grants');
  });

  await recorder.check('the granted user’s client sees exactly the previewed tools', async () => {
    const registered = await fetch(`${BASE}/v1/sessions/register`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ preshared_key: issuedKey, client_name: 'browser-test client' }),
    });
    assert(registered.status === 201, `register answered ${registered.status}`);
    const { session_token: token } = await registered.json();
    const tools = await mcpToolNames(token);
    assert(tools.join(',') === 'notes__render', `tools/list: ${tools}`);
  });

  await recorder.check('admin sees and revokes the client session', async () => {
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Sessions' }).click();
    await heading(page, 'Client sessions');
    await page.getByRole('cell', { name: 'browser-test client', exact: true }).waitFor();
    await inspect(page, recorder, SCREENSHOTS, 'sessions');
    await page.getByRole('button', { name: 'Revoke browser-test client' }).click();
    await page.getByText('No MCP client is registered right now.').waitFor();
  });

  await recorder.check('admin opens the audit and account pages', async () => {
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Audit' }).click();
    await heading(page, 'Audit trail');
    await inspect(page, recorder, SCREENSHOTS, 'audit');
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Account' }).click();
    await heading(page, 'Change password');
    await inspect(page, recorder, SCREENSHOTS, 'account');
  });

  await recorder.check('a reload of a deep link opens the same page', async () => {
    await page.goto('/servers/notes');
    await heading(page, 'Notes <b>server</b>');
  });

  await recorder.check('sign-out ends the session', async () => {
    await page.getByRole('button', { name: 'Sign out' }).click();
    await page.waitForURL('**/sign-in');
    const after = await fetchFromPage(page, '/v1/admin/users');
    assert(after.status === 401, `after sign-out the admin API answered ${after.status}`);
  });
  await context.close();
}

async function accessibleHere(page, recorder, label) {
  await accessible(page, recorder, label);
}

// tools/list through /mcp with the session token, the way an MCP client would.
async function mcpToolNames(token) {
  const headers = {
    Authorization: `Bearer ${token}`,
    'Content-Type': 'application/json',
    Accept: 'application/json, text/event-stream',
  };
  const init = await fetch(`${BASE}/mcp`, {
    method: 'POST',
    headers,
    body: JSON.stringify({
      jsonrpc: '2.0',
      id: 1,
      method: 'initialize',
      params: { protocolVersion: '2025-11-25', capabilities: {}, clientInfo: { name: 'browser-test', version: '1' } },
    }),
  });
  assert(init.ok, `initialize answered ${init.status}`);
  const session = init.headers.get('mcp-session-id');
  await init.text();
  const withSession = { ...headers, 'Mcp-Session-Id': session, 'MCP-Protocol-Version': '2025-11-25' };
  await fetch(`${BASE}/mcp`, { method: 'POST', headers: withSession, body: JSON.stringify({ jsonrpc: '2.0', method: 'notifications/initialized' }) });
  const list = await fetch(`${BASE}/mcp`, { method: 'POST', headers: withSession, body: JSON.stringify({ jsonrpc: '2.0', id: 2, method: 'tools/list' }) });
  const text = await list.text();
  const json = text.trim().startsWith('{') ? JSON.parse(text) : JSON.parse(text.split('\n').find((l) => l.startsWith('data:')).slice(5));
  return json.result.tools.map((tool) => tool.name).sort();
}

async function roleJourney(browser, recorder, person, expected) {
  const context = await newContext(browser, recorder, BASE, person.username);
  const page = await context.newPage();
  await recorder.check(`${person.username} lands on ${expected.home} and sees only ${expected.menu.join(', ')}`, async () => {
    await signIn(page, person.username, person.password);
    await heading(page, expected.homeHeading);
    assert(new URL(page.url()).pathname === expected.home, `landed on ${page.url()}`);
    const items = await menu(page);
    assert(items.join(',') === expected.menu.join(','), `menu: ${items}`);
    await inspect(page, recorder, SCREENSHOTS, `${expected.role}-home`);
  });
  await recorder.check(`${person.username} cannot open admin pages`, async () => {
    for (const route of ['/users', '/servers/notes', '/grants', '/sessions']) {
      await page.goto(route);
      await heading(page, 'Not allowed');
      assert((await page.getByRole('table').count()) === 0, `${route} showed a table`);
    }
    await accessibleHere(page, recorder, `${expected.role} not allowed`);
  });
  await recorder.check(`${person.username} gets 403 from the admin API`, async () => {
    for (const [url, init] of [
      ['/v1/admin/users', {}],
      ['/v1/admin/servers', {}],
      ['/v1/admin/grants', {}],
      ['/v1/admin/users', { method: 'POST', body: JSON.stringify({ username: 'mallory', roles: ['ADMIN'] }) }],
    ]) {
      const answer = await fetchFromPage(page, url, init);
      assert(answer.status === 403, `${init.method ?? 'GET'} ${url} answered ${answer.status}`);
    }
  });
  await context.close();
}

const recorder = new Recorder();
const browser = await launch(SERVER_CERT);
try {
  await adminJourney(browser, recorder);
  await roleJourney(browser, recorder, USER, {
    role: 'user',
    home: '/account',
    homeHeading: 'Change password',
    menu: ['Account'],
  });
  await roleJourney(browser, recorder, AUDITOR, {
    role: 'auditor',
    home: '/audit',
    homeHeading: 'Audit trail',
    menu: ['Audit', 'Account'],
  });
} catch (error) {
  recorder.checks['journeys ran to the end'] = { passed: false, detail: String(error?.stack ?? error) };
} finally {
  await browser.close();
}
const summary = recorder.summary();
console.log(`RESULT ${JSON.stringify(summary)}`);
process.exitCode = summary.passed ? 0 : 1;
