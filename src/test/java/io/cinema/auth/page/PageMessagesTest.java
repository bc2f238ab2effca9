package io.cinema.auth.page;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.lang.reflect.Method;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import org.junit.jupiter.api.Test;

import io.quarkus.qute.i18n.Message;

/** The Russian bundle says everything the English one says, with the same placeholders, and the script finds it. */
class PageMessagesTest {

    private static Properties russian() throws IOException {
        Properties p = new Properties();
        try (InputStream in = PageMessagesTest.class.getResourceAsStream("/messages/page_ru.properties")) {
            p.load(new InputStreamReader(in, StandardCharsets.UTF_8));
        }
        return p;
    }

    private static Set<String> keys() {
        return Arrays.stream(PageMessages.class.getDeclaredMethods()).map(Method::getName)
                .collect(Collectors.toCollection(TreeSet::new));
    }

    @Test
    void everyEnglishTextHasARussianOneAndNoRussianTextIsStray() throws IOException {
        Set<String> ru = new TreeSet<>(russian().stringPropertyNames());
        assertEquals(keys(), ru);
    }

    @Test
    void theTranslationsKeepThePlaceholdersTheScriptFillsIn() throws IOException {
        Properties ru = russian();
        for (Method m : PageMessages.class.getDeclaredMethods()) {
            String en = m.getAnnotation(Message.class).value();
            String name = m.getName();
            assertEquals(count(en), count(ru.getProperty(name)), name + ": %s in English and Russian");
            assertTrue(!en.contains("{") && !ru.getProperty(name).contains("{"), name + ": no Qute expressions");
        }
    }

    @Test
    void everyTextTheScriptsAskForIsRenderedIntoThePages() throws IOException {
        String messages = Files.readString(Path.of("src/main/resources/templates/pages/messages.html"));
        Set<String> rendered = new TreeSet<>();
        Matcher r = Pattern.compile("data-msg=\"([A-Za-z]+)\">\\{page:([A-Za-z]+)}").matcher(messages);
        while (r.find()) {
            assertEquals(r.group(1), r.group(2), "the key is the bundle's own name");
            rendered.add(r.group(1));
        }
        // msg('key') and show('key'), and the code-to-text maps (CODE: 'key')
        Path assets = Path.of("src/main/resources/META-INF/resources/auth-assets");
        Pattern asked = Pattern.compile("(?:msg|show)\\('([A-Za-z]+)'|[A-Z_]+: '([A-Za-z]+)'");
        try (var files = Files.list(assets)) {
            for (Path js : files.filter(f -> f.toString().endsWith(".js")).toList()) {
                Matcher m = asked.matcher(Files.readString(js));
                while (m.find()) {
                    String key = m.group(1) != null ? m.group(1) : m.group(2);
                    assertTrue(rendered.contains(key), js.getFileName() + " asks for " + key
                            + ", which messages.html does not render");
                }
            }
        }
    }

    private static int count(String s) {
        return s.split("%s", -1).length - 1;
    }
}
