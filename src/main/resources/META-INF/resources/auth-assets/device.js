'use strict';
/*
 * /device: a TV asks to be signed in; here, on a phone or computer, the viewer signs in (password, then a two-factor
 * code when the account has it on, or a provider), looks at what asked (which app, from where, when), confirms that
 * the code matches the TV's screen and approves or denies. The phone's tokens live in this closure only, and its
 * session is ended once the TV has its answer.
 *
 * The same page is rendered at /social-callback when a provider login started here comes back: the server fills in
 * data-social-provider and data-return (the page recorded with the login's state), and this script finishes the
 * login through the API's callback.
 */
(function () {
  const P = window.AuthPages;
  const root = document.getElementById('device');
  const el = function (id) { return document.getElementById(id); };
  const steps = ['signin', 'mfa', 'code', 'confirm', 'done'];
  const loginForm = el('login-form');
  const mfaForm = el('mfa-form');
  const codeForm = el('code-form');
  const confirmForm = el('confirm-form');
  const userCode = el('user-code');
  const matches = el('matches');

  let access = null;
  let mfaToken = null;
  let shownCode = null;

  /** Shows one step; the focus goes to its heading, or to a field of it, unless a message takes it after. */
  function step(name, focus) {
    steps.forEach(function (s) {
      el('step-' + s).hidden = s !== name;
    });
    if (focus) {
      focus.focus();
    }
  }

  /** BCDFGHJK or bcdf-ghjk as the TV shows it: BCDF-GHJK. Anything else stays as typed. */
  function pretty(code) {
    const bare = code.replace(/[\s-]/g, '').toUpperCase();
    return /^[A-Z]{8}$/.test(bare) ? bare.slice(0, 4) + '-' + bare.slice(4) : code.trim();
  }

  function prefilled() {
    const code = new URLSearchParams(location.search).get('user_code');
    return code && code.trim() ? pretty(code) : null;
  }

  function when(iso) {
    const d = new Date(iso);
    if (!iso || isNaN(d.getTime())) {
      return P.msg('unknown');
    }
    const absolute = new Intl.DateTimeFormat(P.lang, { dateStyle: 'medium', timeStyle: 'short' }).format(d);
    const minutes = Math.round((d.getTime() - Date.now()) / 60000);
    const relative = new Intl.RelativeTimeFormat(P.lang, { numeric: 'auto' }).format(minutes, 'minute');
    return absolute + ' (' + relative + ')';
  }

  function signedOut(text) {
    access = null;
    mfaToken = null;
    step('signin');
    P.show(text, 'error');
  }

  /** A refusal of a call made with the phone's token: a dead or stale sign-in sends the viewer back to step 1. */
  function refusedSignedIn(answer, overrides) {
    const c = P.code(answer);
    if (c === 'REAUTH_REQUIRED' || (c && c.indexOf('TOKEN_') === 0)) {
      signedOut(P.describe(answer));
      return;
    }
    P.show(P.describe(answer, overrides), 'error');
  }

  async function signedIn(pair) {
    access = pair.access_token;
    mfaToken = null;
    el('password').value = '';
    el('mfa-code').value = '';
    const account = await P.call('GET', 'api/v1/account', undefined, access);
    if (account.ok && account.data && account.data.username) {
      el('signed-in').textContent = P.msg('signedInAs', account.data.username);
      el('signed-in').hidden = false;
    }
    const code = userCode.value.trim() || prefilled();
    if (code) {
      userCode.value = code;
      await lookUp();
    } else {
      P.clear();
      step('code', userCode);
    }
  }

  /** A login answer: the pair, or TOTP_REQUIRED with the mfa_token that a code then completes. */
  async function loginAnswered(answer, overrides) {
    if (answer.ok && answer.data && answer.data.access_token) {
      await signedIn(answer.data);
      return;
    }
    if (P.code(answer) === 'TOTP_REQUIRED' && answer.data.mfa_token) {
      mfaToken = answer.data.mfa_token;
      step('mfa');
      P.show(P.msg('errTotpRequired'), 'info', true);
      el('mfa-code').focus();
      return;
    }
    step('signin');
    P.show(P.describe(answer, overrides), 'error');
  }

  loginForm.addEventListener('submit', async function (event) {
    event.preventDefault();
    const login = el('login');
    const password = el('password');
    P.invalid(login, !login.value.trim());
    P.invalid(password, !password.value);
    if (!login.value.trim() || !password.value) {
      P.show(P.msg('errValidation'), 'error');
      return;
    }
    P.busy(loginForm, true);
    P.show(P.msg('working'), 'info', true);
    const answer = await P.call('POST', 'api/v1/auth/login', { login: login.value.trim(), password: password.value });
    P.busy(loginForm, false);
    await loginAnswered(answer);
  });

  mfaForm.addEventListener('submit', async function (event) {
    event.preventDefault();
    const value = el('mfa-code').value.trim();
    if (!value) {
      P.invalid(el('mfa-code'), true);
      P.show(P.msg('errTotpRequired'), 'error');
      return;
    }
    P.invalid(el('mfa-code'), false);
    const body = { mfa_token: mfaToken };
    // six digits (an app shows "123 456") are a one-time code; anything else is a recovery code
    if (/^[0-9 ]+$/.test(value) && value.replace(/ /g, '').length === 6) {
      body.totp_code = value.replace(/ /g, '');
    } else {
      body.recovery_code = value;
    }
    P.busy(mfaForm, true);
    P.show(P.msg('working'), 'info', true);
    const answer = await P.call('POST', 'api/v1/auth/mfa', body);
    P.busy(mfaForm, false);
    if (answer.ok) {
      await signedIn(answer.data);
    } else if (P.code(answer) === 'TOTP_INVALID' || P.code(answer) === 'VALIDATION_FAILED') {
      P.invalid(el('mfa-code'), true);
      P.show(P.describe(answer, { VALIDATION_FAILED: 'errTotpInvalid' }), 'error');
    } else {
      // the mfa_token is spent, expired or dead after too many wrong codes: the login starts over
      signedOut(P.describe(answer));
    }
  });

  async function lookUp() {
    const code = userCode.value.trim();
    P.invalid(userCode, !code);
    if (!code) {
      step('code');
      P.show(P.msg('codeEmpty'), 'error');
      return;
    }
    P.busy(codeForm, true);
    P.show(P.msg('working'), 'info', true);
    const answer = await P.call('GET', 'api/v1/device?user_code=' + encodeURIComponent(code), undefined, access);
    P.busy(codeForm, false);
    if (!answer.ok) {
      step('code');
      P.invalid(userCode, P.code(answer) === 'NOT_FOUND');
      refusedSignedIn(answer, { NOT_FOUND: 'codeUnknown', VALIDATION_FAILED: 'codeUnknown' });
      return;
    }
    const d = answer.data || {};
    shownCode = code;
    el('d-client').textContent = d.client_name || P.msg('unknown');
    el('d-where').textContent = [d.device_ip, d.device_user_agent].filter(Boolean).join(' · ') || P.msg('unknown');
    el('d-when').textContent = when(d.requested_at);
    el('d-expires').textContent = when(d.expires_at);
    el('d-scopes').textContent = Array.isArray(d.scopes) && d.scopes.length ? d.scopes.join(', ') : '—';
    el('matches-label').textContent = P.msg('matchesLabel', pretty(code));
    matches.checked = false;
    P.invalid(matches, false);
    P.clear();
    step('confirm', el('confirm-heading'));
  }

  codeForm.addEventListener('submit', function (event) {
    event.preventDefault();
    lookUp();
  });

  async function decide(deny) {
    if (!deny && !matches.checked) {
      P.invalid(matches, true);
      P.show(P.msg('matchesRequired'), 'error');
      return;
    }
    P.invalid(matches, false);
    P.busy(confirmForm, true);
    P.show(P.msg('working'), 'info', true);
    const body = deny ? { user_code: shownCode, deny: true } : { user_code: shownCode };
    const answer = await P.call('POST', 'api/v1/device/approve', body, access);
    P.busy(confirmForm, false);
    if (!answer.ok) {
      if (P.code(answer) === 'NOT_FOUND') {
        step('code');
      }
      refusedSignedIn(answer, { NOT_FOUND: 'codeUnknown' });
      return;
    }
    const token = access;
    access = null;
    step('done');
    P.show(P.msg(deny ? 'denied' : 'approved'), 'ok');
    // this page's session was only for the approval: ended at once (best effort; it expires anyway)
    P.call('POST', 'api/v1/auth/logout', undefined, token);
  }

  confirmForm.addEventListener('submit', function (event) {
    event.preventDefault();
    decide(false);
  });
  el('deny').addEventListener('click', function () {
    decide(true);
  });

  async function providers() {
    const answer = await P.call('GET', 'api/v1/social/providers');
    const list = answer.ok && Array.isArray(answer.data) ? answer.data : [];
    const ul = el('provider-list');
    list.forEach(function (p) {
      const li = document.createElement('li');
      const button = document.createElement('button');
      button.type = 'button';
      button.className = 'secondary';
      const name = String(p.name);
      button.textContent = P.msg('providerButton', name.charAt(0).toUpperCase() + name.slice(1));
      button.addEventListener('click', function () {
        startProvider(name, button);
      });
      li.appendChild(button);
      ul.appendChild(li);
    });
    el('providers').hidden = list.length === 0;
  }

  /** Starts a provider login that comes back to this page (with the TV's code) through /social-callback. */
  async function startProvider(name, button) {
    // the code as the TV shows it, so it is one the return address may carry (no spaces)
    const code = pretty(userCode.value.trim() || prefilled() || '').replace(/\s/g, '');
    const back = 'device' + (code ? '?user_code=' + encodeURIComponent(code) : '');
    button.disabled = true;
    P.show(P.msg('working'), 'info', true);
    const answer = await P.call('GET', 'api/v1/social/' + encodeURIComponent(name) + '/authorize?return_to='
      + encodeURIComponent(back));
    const url = answer.ok && answer.data ? answer.data.provider_url : null;
    if (typeof url === 'string' && /^https?:\/\//i.test(url)) {
      location.assign(url);
      return;
    }
    button.disabled = false;
    P.show(answer.ok ? P.msg('socialUnavailable') : P.describe(answer), 'error');
  }

  /** Back from the provider: the API's callback finishes the login (a pair, or TOTP_REQUIRED). */
  async function finishProvider(provider, query) {
    const pass = new URLSearchParams();
    ['code', 'state', 'error'].forEach(function (k) {
      if (query.get(k) !== null) {
        pass.set(k, query.get(k));
      }
    });
    step('signin');
    P.show(P.msg('socialWorking'), 'info', true);
    const answer = await P.call('GET', 'api/v1/social/' + encodeURIComponent(provider) + '/callback?'
      + pass.toString());
    await loginAnswered(answer, { VALIDATION_FAILED: 'socialVoid', TOKEN_INVALID: 'socialRefused',
      CONFLICT: 'socialConflict' });
  }

  const provider = root.getAttribute('data-social-provider');
  const callback = provider ? new URLSearchParams(location.search) : null;
  if (provider) {
    // the address bar shows the page the login started on, and a reload cannot replay the used state
    history.replaceState(null, '', root.getAttribute('data-return') || 'device');
  }
  const code = prefilled();
  if (code) {
    userCode.value = code;
    el('code-hint').textContent = P.msg('deviceCodeHint', code);
    el('code-hint').hidden = false;
  }
  if (provider) {
    finishProvider(provider, callback);
  } else {
    el('login').focus();
  }
  providers();
})();
