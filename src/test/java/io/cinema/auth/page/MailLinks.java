package io.cinema.auth.page;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.net.URL;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.cinema.auth.email.Mailbox;

/** The links in the service's mails, opened on the test server. */
final class MailLinks {

    private MailLinks() {
    }

    /**
     * The link of a mail to the hosted page {@code path}, checked to be the default template under the public URL,
     * and moved to the test server (the test profile's public URL is not a host the test browser can reach).
     */
    static String open(Mailbox.Received mail, String publicUrl, String path, URL testServer) {
        Matcher m = Pattern.compile("(\\S+" + Pattern.quote(path) + "#token=\\S+)").matcher(mail.body());
        if (!m.find()) {
            fail("no " + path + " link in the mail '" + mail.subject() + "'");
        }
        String link = m.group(1);
        assertTrue(link.startsWith(publicUrl + path + "#token="), link.replaceAll("token=.*", "token=..."));
        String base = testServer.toString().replaceAll("/$", "");
        return base + link.substring(publicUrl.length());
    }
}
