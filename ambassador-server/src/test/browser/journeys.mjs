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
// The USER's preshared key, issued in the admin journey; the USER's own journey registers with it.
let issuedKey = '';

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
  let clientToken = '';

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
    await heading(page, 'Dashboard');
    const items = await menu(page);
    assert(
      // The first administrator also holds USER, so their own pages are listed too.
      items.join(',') ===
        'Dashboard,Users,Groups,Servers,Grants,Rate limits,Kill switches,Sessions,Audit,My tools,My credentials,My sessions,Account',
      `menu: ${items}`,
    );
    const allowed = await fetchFromPage(page, '/v1/admin/users');
    assert(allowed.status === 200, `admin API answered ${allowed.status}`);
    await go(page, 'Users', 'Users');
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
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Groups', exact: true }).click();
    await heading(page, 'Groups');
    await page.getByLabel('Group name', { exact: true }).fill('developers');
    await page.getByLabel('Description', { exact: true }).fill('People who build things');
    await page.getByRole('button', { name: 'Create group' }).click();
    await page.getByRole('heading', { level: 2, name: 'developers' }).waitFor();
    await page.getByLabel('New member of developers', { exact: true }).selectOption({ label: USER.username });
    await page.getByRole('button', { name: 'Add member' }).click();
    await page.getByRole('button', { name: `Remove ${USER.username} from developers` }).waitFor();
    await inspect(page, recorder, SCREENSHOTS, 'groups');
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Users', exact: true }).click();
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
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Servers', exact: true }).click();
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
    await page.getByRole('heading', { level: 2, name: 'Running instances' }).waitFor();
    await page.getByText(/^Process \d+ \(shared\)/).first().waitFor();
    await inspect(page, recorder, SCREENSHOTS, 'server-detail');
  });

  await recorder.check('admin edits the server: a refused call timeout is named, a valid one is saved and shown', async () => {
    const form = page.getByRole('form', { name: 'Edit notes' });
    const timeout = form.getByLabel('Call timeout (seconds)', { exact: true });
    const env = form.getByLabel('Replace the environment', { exact: true });
    assert((await env.inputValue()) === '', 'a write-only field shows a value');
    await timeout.fill('100000');
    await form.getByRole('button', { name: 'Save changes' }).click();
    await form.getByText(/^must be at most \d+/).waitFor();
    assert((await timeout.getAttribute('aria-invalid')) === 'true', 'the refused field is not marked invalid');
    assert(await timeout.evaluate((el) => el === document.activeElement), 'the refused field did not take focus');
    await accessibleHere(page, recorder, 'server edit refused');
    await timeout.fill('45');
    await form.getByRole('button', { name: 'Save changes' }).click();
    await form.getByRole('status').filter({ hasText: 'Saved.' }).waitFor();
    assert((await timeout.getAttribute('aria-invalid')) === null, 'the saved field is still marked invalid');
    await page.locator('dl.facts dd', { hasText: '45 s' }).waitFor();
    const stored = await fetchFromPage(page, '/v1/admin/servers/notes');
    assert(JSON.parse(stored.body).call_timeout_seconds === 45, `the API shows ${stored.body}`);
    await page.reload();
    await heading(page, 'Notes <b>server</b>');
    await page.locator('dl.facts dd', { hasText: '45 s' }).waitFor();
    assert((await timeout.inputValue()) === '45', 'the form does not show the saved timeout after a reload');
  });

  await recorder.check('admin grants the user tools with a live preview', async () => {
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Grants', exact: true }).click();
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
    clientToken = token;
    const tools = await mcpToolNames(token);
    assert(tools.join(',') === 'notes__render', `tools/list: ${tools}`);
  });

  await recorder.check('admin adds a rate limit and deletes it', async () => {
    await go(page, 'Rate limits', 'Rate limits');
    await page.getByLabel('Scope', { exact: true }).selectOption('server');
    await page.getByLabel('Target', { exact: true }).fill('notes');
    await page.getByLabel('Capacity', { exact: true }).fill('0');
    await page.getByRole('button', { name: 'Add rate limit' }).click();
    await page.getByText('Capacity is at least 1.').waitFor();
    await page.getByLabel('Capacity', { exact: true }).fill('500');
    await page.getByLabel('Refill per minute', { exact: true }).fill('120');
    await page.getByRole('button', { name: 'Add rate limit' }).click();
    await page.getByRole('status').filter({ hasText: 'Added a limit on notes.' }).waitFor();
    await page.getByRole('cell', { name: '500', exact: true }).waitFor();
    await inspect(page, recorder, SCREENSHOTS, 'rate-limits');
    await page.getByRole('button', { name: 'Delete limit on notes' }).click();
    await page.getByText('No rate limits: only the defaults apply.').waitFor();
  });

  await recorder.check('admin flips a kill switch and the client’s call is refused', async () => {
    await go(page, 'Kill switches', 'Kill switches');
    await page.getByLabel('Scope', { exact: true }).selectOption('global');
    await page.getByLabel('Reason', { exact: true }).fill('drill');
    await page.getByRole('button', { name: 'Set kill switch' }).click();
    await page.getByRole('alertdialog').waitFor();
    await accessibleHere(page, recorder, 'global kill switch confirmation');
    await page.getByRole('button', { name: 'Cancel' }).click();
    await page.getByRole('alertdialog').waitFor({ state: 'detached' });
    await page.getByLabel('Scope', { exact: true }).selectOption('server');
    await page.getByLabel('Target', { exact: true }).fill('notes');
    await page.getByLabel('Reason', { exact: true }).fill('');
    await page.getByRole('button', { name: 'Set kill switch' }).click();
    await page.getByText('Say why: the reason is shown to whoever is refused.').waitFor();
    await page.getByLabel('Reason', { exact: true }).fill('Suspicious output from notes');
    await page.getByRole('button', { name: 'Set kill switch' }).click();
    await page.getByRole('status').filter({ hasText: 'Kill switch on server notes is active.' }).waitFor();
    const answer = await mcpCall(clientToken, 'notes__render');
    assert(answer.error?.data?.refused_by === 'kill_switch', `tools/call answered ${JSON.stringify(answer)}`);
    await inspect(page, recorder, SCREENSHOTS, 'kill-switches');
  });

  await recorder.check('admin finds the refused call in the audit view', async () => {
    await go(page, 'Audit', 'Audit trail');
    await page.getByText(/Hash chain intact: \d+ events checked\./).waitFor();
    await page.getByLabel('Server', { exact: true }).fill('notes');
    await page.getByLabel('Decision', { exact: true }).selectOption('denied');
    await page.getByRole('button', { name: 'Apply filters' }).click();
    const row = page.getByRole('row').filter({ hasText: 'kill_switch' }).first();
    await row.waitFor();
    assert((await row.textContent()).includes('render'), `row: ${await row.textContent()}`);
    const csv = await page.getByRole('link', { name: 'Export as CSV' }).getAttribute('href');
    assert(csv === '/v1/audit/export?server=notes&decision=denied&format=csv', `export link ${csv}`);
    const exported = await page.evaluate(async (url) => {
      const response = await fetch(url);
      return { status: response.status, body: await response.text() };
    }, csv);
    assert(exported.status === 200 && exported.body.includes('kill_switch'), `export answered ${exported.status}`);
    await row.getByRole('button', { name: /^Details of event/ }).click();
    const drawer = page.getByRole('dialog');
    await drawer.waitFor();
    assert((await page.getByTestId('audit-record').textContent()).includes('Suspicious output from notes'), 'the drawer lacks the reason');
    await inspect(page, recorder, SCREENSHOTS, 'audit');
    await page.keyboard.press('Escape');
    await drawer.waitFor({ state: 'detached' });
  });

  await recorder.check('admin lifts the kill switch with one click and the call goes through', async () => {
    await go(page, 'Kill switches', 'Kill switches');
    await page.getByRole('button', { name: 'Lift switch on server notes' }).click();
    await page.getByText('No kill switch is active.').waitFor();
    const answer = await mcpCall(clientToken, 'notes__render');
    assert(answer.result?.content?.[0]?.text === 'done', `tools/call answered ${JSON.stringify(answer)}`);
  });

  await recorder.check('admin dashboard charts the last hour', async () => {
    await go(page, 'Dashboard', 'Dashboard');
    await page.getByRole('img', { name: /Calls per minute/ }).waitFor();
    await page.getByRole('img', { name: /Refusals by reason.*kill_switch: 1/ }).waitFor();
    await page.getByRole('link', { name: 'notes', exact: true }).waitFor();
    await inspect(page, recorder, SCREENSHOTS, 'dashboard');
  });

  await recorder.check('admin sees and revokes the client session', async () => {
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Sessions', exact: true }).click();
    await heading(page, 'Client sessions');
    await page.getByRole('cell', { name: 'browser-test client', exact: true }).waitFor();
    await inspect(page, recorder, SCREENSHOTS, 'sessions');
    await page.getByRole('button', { name: 'Revoke browser-test client' }).click();
    await page.getByText('No MCP client is registered right now.').waitFor();
  });

  await recorder.check('admin opens the account page', async () => {
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Account', exact: true }).click();
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

/** Follows a menu link and waits for the page's heading. */
async function go(page, link, title) {
  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: link, exact: true }).click();
  await heading(page, title);
}

async function accessibleHere(page, recorder, label) {
  await accessible(page, recorder, label);
}

// A JSON-RPC answer, whether it came as JSON or as an event stream.
async function rpcAnswer(response) {
  const text = await response.text();
  return text.trim().startsWith('{') ? JSON.parse(text) : JSON.parse(text.split('\n').find((l) => l.startsWith('data:')).slice(5));
}

// tools/call through /mcp with the session token, in a fresh MCP session.
async function mcpCall(token, name) {
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
  const withSession = { ...headers, 'Mcp-Session-Id': init.headers.get('mcp-session-id'), 'MCP-Protocol-Version': '2025-11-25' };
  await init.text();
  await fetch(`${BASE}/mcp`, { method: 'POST', headers: withSession, body: JSON.stringify({ jsonrpc: '2.0', method: 'notifications/initialized' }) });
  const call = await fetch(`${BASE}/mcp`, {
    method: 'POST',
    headers: withSession,
    body: JSON.stringify({ jsonrpc: '2.0', id: 2, method: 'tools/call', params: { name, arguments: {} } }),
  });
  return rpcAnswer(call);
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
  for (const [index, extra] of (expected.pages ?? []).entries()) {
    await recorder.check(`${person.username} opens ${extra.title}`, async () => {
      await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: extra.link, exact: true }).click();
      await heading(page, extra.title);
      if (extra.check) await extra.check(page);
      await inspect(page, recorder, SCREENSHOTS, `${expected.role}-${index + 1}-${extra.link.toLowerCase().replace(/ /g, '-')}`);
    });
  }
  await recorder.check(`${person.username} cannot open admin pages`, async () => {
    for (const route of [...['/dashboard', '/users', '/servers/notes', '/grants', '/rate-limits', '/kill-switches', '/sessions'], ...(expected.forbiddenRoutes ?? [])]) {
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
      ['/v1/admin/kill-switches', {}],
      ['/v1/admin/rate-limits', {}],
      ['/v1/admin/activity', {}],
      ['/v1/admin/kill-switches', { method: 'POST', body: JSON.stringify({ scope: 'global', reason: 'mallory' }) }],
      ['/v1/admin/users', { method: 'POST', body: JSON.stringify({ username: 'mallory', roles: ['ADMIN'] }) }],
      ...(expected.forbiddenApis ?? []).map((url) => [url, {}]),
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
    home: '/my/tools',
    homeHeading: 'My tools',
    menu: ['My tools', 'My credentials', 'My sessions', 'Account'],
    pages: [
      {
        link: 'My tools',
        title: 'My tools',
        check: async (page) => {
          const description = page.locator('td.tool-description').first();
          await description.waitFor();
          assert((await description.textContent()) === HOSTILE_DESCRIPTION, `shown: ${await description.textContent()}`);
          assert((await page.locator('main img, main script, main b').count()) === 0, 'downstream markup became elements');
          const names = await page.locator('main code').allTextContents();
          assert(names.join(',') === 'notes__render', `my tools: ${names}`);
        },
      },
      { link: 'My credentials', title: 'My credentials', check: (page) => page.getByText('None of your servers asks for credentials.').waitFor() },
      {
        link: 'My sessions',
        title: 'My sessions',
        check: async (page) => {
          const registered = await fetch(`${BASE}/v1/sessions/register`, {
            method: 'POST',
            headers: { 'Content-Type': 'application/json' },
            body: JSON.stringify({ preshared_key: issuedKey, client_name: 'dana laptop' }),
          });
          assert(registered.status === 201, `register answered ${registered.status}`);
          await page.reload();
          await heading(page, 'My sessions');
          await page.getByRole('cell', { name: 'dana laptop', exact: true }).waitFor();
        },
      },
    ],
    forbiddenRoutes: ['/audit'],
    forbiddenApis: ['/v1/audit/events', '/v1/audit/verify'],
  });
  await roleJourney(browser, recorder, AUDITOR, {
    role: 'auditor',
    home: '/audit',
    homeHeading: 'Audit trail',
    menu: ['Audit', 'Account'],
    forbiddenRoutes: ['/my/tools', '/my/credentials'],
  });
} catch (error) {
  recorder.checks['journeys ran to the end'] = { passed: false, detail: String(error?.stack ?? error) };
} finally {
  await browser.close();
}
const summary = recorder.summary();
console.log(`RESULT ${JSON.stringify(summary)}`);
process.exitCode = summary.passed ? 0 : 1;
