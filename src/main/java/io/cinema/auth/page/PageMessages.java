package io.cinema.auth.page;

import io.quarkus.qute.i18n.Message;
import io.quarkus.qute.i18n.MessageBundle;

/**
 * The hosted pages' texts in English, {@code {page:key}} in the templates; Russian in
 * {@code messages/page_ru.properties} (PageMessagesTest keeps the two complete). A {@code %s} is filled in by the
 * pages' script (a code, a provider's name, a wait), which reads the texts from the page and never has its own.
 */
@MessageBundle(value = "page", locale = "en")
public interface PageMessages {

    @Message("Cinema account")
    String site();

    @Message("This page needs JavaScript to talk to the Cinema sign-in service. Turn it on and reload the page.")
    String noscript();

    @Message("Please wait…")
    String working();

    @Message("Show password")
    String showPassword();

    // ---- refusals of the API, in words (the script maps each contract code to one of these) -----------------------

    @Message("The service could not be reached. Check your connection and try again.")
    String errNetwork();

    @Message("The service is unavailable right now. Try again in %s.")
    String errUnavailable();

    @Message("Too many attempts. For your safety, try again in %s.")
    String errRateLimited();

    /** A no-break space: the number and its unit stay on one line. */
    @Message("%s\u00a0s")
    String seconds();

    @Message("%s\u00a0min")
    String minutes();

    @Message("a moment")
    String aMoment();

    @Message("Wrong login or password.")
    String errInvalidCredentials();

    @Message("This account has two-factor authentication on: enter the code from your authenticator app.")
    String errTotpRequired();

    @Message("This code is wrong, expired or already used. Wait for the next code in your app and try again.")
    String errTotpInvalid();

    @Message("For your safety this step needs a fresh sign-in. Please sign in again.")
    String errReauthRequired();

    @Message("Your sign-in on this page has ended. Please sign in again.")
    String errSignedOut();

    @Message("This account is disabled. Contact the Cinema support.")
    String errAccountDisabled();

    @Message("This address is already used by another account.")
    String errEmailTaken();

    @Message("The request was not accepted. Check what you entered and try again.")
    String errValidation();

    @Message("Something went wrong. Try again in a moment.")
    String errGeneric();

    @Message("This link is incomplete. Open the whole link from the mail again.")
    String linkIncomplete();

    // ---- /verify-email ---------------------------------------------------------------------------------------------

    @Message("Confirm your email address")
    String verifyTitle();

    @Message("Press the button to confirm that this address belongs to your Cinema account.")
    String verifyIntro();

    @Message("Confirm my address")
    String verifyButton();

    @Message("Your email address is confirmed. You can close this page.")
    String verifyDone();

    @Message("This link has already been used, has expired or is no longer valid. "
            + "Ask for a new confirmation mail from your account.")
    String verifyVoid();

    // ---- /reset-password -------------------------------------------------------------------------------------------

    @Message("Choose a new password")
    String resetTitle();

    @Message("Type the new password twice. It must be 8 to 128 characters long and not a commonly used password.")
    String resetIntro();

    @Message("New password")
    String resetPassword();

    @Message("New password, again")
    String resetRepeat();

    @Message("Set the password")
    String resetButton();

    @Message("The two passwords differ. Type the same password twice.")
    String resetMismatch();

    @Message("The password must be 8 to 128 characters long.")
    String resetLength();

    @Message("This password is too common or otherwise not allowed. Choose another one.")
    String resetWeak();

    @Message("This reset link has already been used, has expired or is no longer valid. Ask for a new reset mail.")
    String resetVoid();

    @Message("Your password is set. For your safety, every session of your account was signed out.")
    String resetDone();

    @Message("Log in")
    String logIn();

    // ---- /device ---------------------------------------------------------------------------------------------------

    @Message("Sign in on your TV")
    String deviceTitle();

    @Message("Sign in here to let a TV use your Cinema account. Only do this for a TV in front of you.")
    String deviceIntro();

    @Message("The TV shows the code %s.")
    String deviceCodeHint();

    @Message("Signed in as %s.")
    String signedInAs();

    @Message("1. Sign in")
    String signinHeading();

    @Message("Username or email")
    String loginLabel();

    @Message("Password")
    String passwordLabel();

    @Message("Sign in")
    String signinButton();

    @Message("Or sign in with")
    String orProvider();

    @Message("Sign in with %s")
    String providerButton();

    @Message("Two-factor code")
    String mfaHeading();

    @Message("Code from your authenticator app, or a recovery code")
    String mfaLabel();

    @Message("Continue")
    String mfaButton();

    @Message("2. The code on the TV")
    String codeHeading();

    @Message("Code shown on the TV screen")
    String codeLabel();

    @Message("Eight letters, for example BCDF-GHJK.")
    String codeHelp();

    @Message("Show the request")
    String codeButton();

    @Message("Type the code shown on the TV screen.")
    String codeEmpty();

    @Message("This code is unknown, expired or already used. Check the code on the TV screen, "
            + "or start the sign-in on the TV again.")
    String codeUnknown();

    @Message("3. Is this your TV?")
    String confirmHeading();

    @Message("App")
    String clientLabel();

    @Message("Asked from")
    String whereLabel();

    @Message("Asked at")
    String whenLabel();

    @Message("Code valid until")
    String expiresLabel();

    @Message("Access asked for")
    String scopesLabel();

    @Message("unknown")
    String unknown();

    @Message("The code %s matches the one on my TV screen")
    String matchesLabel();

    @Message("If you did not start this on a TV in front of you, deny: someone may be trying to get into your account.")
    String confirmWarning();

    @Message("First confirm that the code matches the one on your TV screen, or deny the request.")
    String matchesRequired();

    @Message("Approve")
    String approveButton();

    @Message("Deny")
    String denyButton();

    @Message("Done: the TV is signed in to your account. You can close this page.")
    String approved();

    @Message("The request was denied: the TV is not signed in.")
    String denied();

    @Message("Sign in another TV")
    String startOver();

    @Message("Finishing the sign-in…")
    String socialWorking();

    @Message("This sign-in has already been used or has expired. Start again.")
    String socialVoid();

    @Message("The provider did not confirm the sign-in. Try again.")
    String socialRefused();

    @Message("This provider account is not linked to your Cinema account yet. Sign in with your password, "
            + "and link the provider from your account first.")
    String socialConflict();

    @Message("No provider can be used right now. Try again in a moment.")
    String socialUnavailable();

    // ---- /social-callback refused ----------------------------------------------------------------------------------

    @Message("Sign-in not finished")
    String callbackTitle();

    @Message("This sign-in cannot be finished here: it is unknown, used or expired, or it was not started on one of "
            + "these pages.")
    String callbackVoid();

    @Message("The service is unavailable right now. Try again in a moment.")
    String callbackUnavailable();

    @Message("Sign in on a TV")
    String callbackBack();
}
