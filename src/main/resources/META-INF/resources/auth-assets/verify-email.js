'use strict';
/*
 * /verify-email#token=...: the token is confirmed by a press of the button, not on opening the link, so a mail
 * scanner that opens links cannot confirm an address for whoever typed it into a signup.
 */
(function () {
  const P = window.AuthPages;
  const token = P.takeFragment('token');
  const form = document.getElementById('verify-form');
  const button = document.getElementById('verify-button');
  if (!token) {
    form.hidden = true;
    P.show(P.msg('linkIncomplete'), 'error');
    return;
  }
  button.focus();
  form.addEventListener('submit', async function (event) {
    event.preventDefault();
    P.busy(form, true);
    P.show(P.msg('working'), 'info', true);
    const answer = await P.call('POST', 'api/v1/auth/email/verify', { token: token });
    if (answer.ok) {
      form.hidden = true;
      P.show(P.msg('verifyDone'), 'ok');
      return;
    }
    if (P.code(answer) === 'VALIDATION_FAILED') {
      // the link is spent: pressing again cannot help
      form.hidden = true;
    }
    P.busy(form, false);
    P.show(P.describe(answer, { VALIDATION_FAILED: 'verifyVoid' }), 'error');
  });
})();
