'use strict';
/*
 * /reset-password#token=...: the new password twice. The page checks only what needs no server (the two agree, the
 * length); whether a password is too common is the API's judgement, shown in words.
 */
(function () {
  const P = window.AuthPages;
  const token = P.takeFragment('token');
  const form = document.getElementById('reset-form');
  const password = document.getElementById('new-password');
  const repeat = document.getElementById('repeat-password');
  const reveal = document.getElementById('show-password');
  const done = document.getElementById('reset-done');
  if (!token) {
    form.hidden = true;
    P.show(P.msg('linkIncomplete'), 'error');
    return;
  }
  password.focus();
  reveal.addEventListener('change', function () {
    password.type = repeat.type = reveal.checked ? 'text' : 'password';
  });

  function refuse(input, text) {
    P.invalid(input, true);
    P.show(text, 'error');
  }

  form.addEventListener('submit', async function (event) {
    event.preventDefault();
    P.invalid(password, false);
    P.invalid(repeat, false);
    const length = Array.from(password.value).length;
    if (length < 8 || length > 128) {
      refuse(password, P.msg('resetLength'));
      return;
    }
    if (password.value !== repeat.value) {
      refuse(repeat, P.msg('resetMismatch'));
      return;
    }
    P.busy(form, true);
    P.show(P.msg('working'), 'info', true);
    const answer = await P.call('POST', 'api/v1/auth/password/reset', { token: token, new_password: password.value });
    P.busy(form, false);
    if (answer.ok) {
      password.value = repeat.value = '';
      form.hidden = true;
      done.hidden = false;
      P.show(P.msg('resetDone'), 'ok');
      return;
    }
    const fields = (answer.data && Array.isArray(answer.data.errors) ? answer.data.errors : [])
      .map(function (e) { return e && e.field; });
    if (P.code(answer) === 'VALIDATION_FAILED' && fields.indexOf('new_password') >= 0) {
      // a refused password leaves the link usable: the visitor chooses another
      refuse(password, P.msg('resetWeak'));
    } else if (P.code(answer) === 'VALIDATION_FAILED') {
      form.hidden = true;
      P.show(P.msg('resetVoid'), 'error');
    } else {
      P.show(P.describe(answer), 'error');
    }
  });
})();
