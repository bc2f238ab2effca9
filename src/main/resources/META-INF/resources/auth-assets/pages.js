'use strict';
/*
 * What the hosted pages share: calls to the public API, the page's own texts, and the one status region.
 * The texts come from the page (the server renders them in the visitor's language), so this script has none.
 * Tokens are kept in the variables of a page's script only: never in storage, cookies or the address bar.
 */
(function () {
  const texts = {};
  document.querySelectorAll('#messages [data-msg]').forEach(function (el) {
    texts[el.getAttribute('data-msg')] = el.textContent;
  });
  const lang = document.documentElement.lang || 'en';
  const status = document.getElementById('status');

  function msg(key, arg) {
    const text = texts[key] || texts.errGeneric || '';
    return arg === undefined ? text : text.replace('%s', arg);
  }

  /** A Retry-After in words: seconds below two minutes, else minutes. */
  function wait(retryAfter) {
    const s = parseInt(retryAfter, 10);
    if (!(s > 0)) {
      return msg('aMoment');
    }
    return s < 120 ? msg('seconds', String(s)) : msg('minutes', String(Math.ceil(s / 60)));
  }

  /** Says something in the live region; results and refusals also take the focus, so they are read at once. */
  function show(text, kind, keepFocus) {
    status.textContent = text;
    status.className = 'status ' + (kind || 'info');
    if (!keepFocus) {
      status.focus();
    }
  }

  function clear() {
    status.textContent = '';
    status.className = 'status';
  }

  /**
   * One API call: JSON in, JSON or problem+json out. Never throws: a network failure is status 0. Redirects are
   * refused (the API answers these calls directly) and nothing is cached.
   */
  async function call(method, path, body, token) {
    const headers = { 'Accept': 'application/json' };
    if (body !== undefined) {
      headers['Content-Type'] = 'application/json';
    }
    if (token) {
      headers['Authorization'] = 'Bearer ' + token;
    }
    let response;
    try {
      response = await fetch(path, {
        method: method, headers: headers, body: body === undefined ? undefined : JSON.stringify(body),
        credentials: 'same-origin', cache: 'no-store', redirect: 'error', referrerPolicy: 'no-referrer'
      });
    } catch (e) {
      return { ok: false, status: 0, data: null, retryAfter: null };
    }
    let data = null;
    try {
      const text = await response.text();
      data = text ? JSON.parse(text) : null;
    } catch (e) {
      data = null;
    }
    return { ok: response.ok, status: response.status, data: data, retryAfter: response.headers.get('Retry-After') };
  }

  /** The contract's codes (API.md, Errors), each to a text of the page; a page overrides codes for its context. */
  const CODES = {
    VALIDATION_FAILED: 'errValidation',
    INVALID_CREDENTIALS: 'errInvalidCredentials',
    TOKEN_MISSING: 'errSignedOut',
    TOKEN_INVALID: 'errSignedOut',
    TOKEN_EXPIRED: 'errSignedOut',
    TOKEN_REVOKED: 'errSignedOut',
    TOTP_REQUIRED: 'errTotpRequired',
    TOTP_INVALID: 'errTotpInvalid',
    REAUTH_REQUIRED: 'errReauthRequired',
    ACCOUNT_DISABLED: 'errAccountDisabled',
    EMAIL_TAKEN: 'errEmailTaken'
  };

  function code(answer) {
    return answer.data && typeof answer.data.code === 'string' ? answer.data.code : null;
  }

  /** A refusal in words. RATE_LIMITED and SERVICE_UNAVAILABLE say when to come back (Retry-After). */
  function describe(answer, overrides) {
    if (answer.status === 0) {
      return msg('errNetwork');
    }
    const c = code(answer);
    if (overrides && c && overrides[c]) {
      return msg(overrides[c]);
    }
    if (c === 'RATE_LIMITED' || answer.status === 429) {
      return msg('errRateLimited', wait(answer.retryAfter));
    }
    if (c === 'SERVICE_UNAVAILABLE' || answer.status === 502 || answer.status === 503 || answer.status === 504) {
      return msg('errUnavailable', wait(answer.retryAfter));
    }
    return msg(c && CODES[c] ? CODES[c] : 'errGeneric');
  }

  /** Disables a form's controls while its call runs, so a double press sends nothing twice. */
  function busy(form, on) {
    form.querySelectorAll('button, input').forEach(function (el) {
      el.disabled = on;
    });
    form.setAttribute('aria-busy', on ? 'true' : 'false');
  }

  function invalid(input, on) {
    if (on) {
      input.setAttribute('aria-invalid', 'true');
      input.setAttribute('aria-errormessage', 'status');
    } else {
      input.removeAttribute('aria-invalid');
      input.removeAttribute('aria-errormessage');
    }
  }

  /**
   * Reads a parameter of the URL fragment (a mail link's #token=), then removes the fragment from the address bar
   * and the history entry, so the token is not left behind in the browser's history.
   */
  function takeFragment(name) {
    const value = new URLSearchParams(location.hash.replace(/^#/, '')).get(name);
    if (location.hash) {
      history.replaceState(null, '', location.pathname + location.search);
    }
    return value;
  }

  window.AuthPages = {
    lang: lang, msg: msg, show: show, clear: clear, call: call, code: code, describe: describe, busy: busy,
    invalid: invalid, takeFragment: takeFragment
  };
})();
