package io.cinema.auth.page;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class PageLanguageTest {

    @ParameterizedTest
    @CsvSource(delimiter = '|', nullValues = "NULL", value = {
        "ru-RU,ru;q=0.9,en-US;q=0.8|RU",
        "ru|RU",
        "RU-ru|RU",
        "en-US,en;q=0.9,ru;q=0.8|EN",
        "de-DE,de;q=0.9,ru;q=0.5|RU",
        "en;q=0.1,ru;q=0.9|RU",
        "ru;q=0,en|EN",
        "fr-FR|EN",
        "*|EN",
        "'  '|EN",
        "NULL|EN",
        ";;;q=x|EN"})
    void theBestOfEnglishAndRussianByAcceptLanguageElseEnglish(String header, PageLanguage expected) {
        assertEquals(expected, PageLanguage.of(header));
    }

    @ParameterizedTest
    @CsvSource({"2000"})
    void aHeaderLongerThanAnyBrowsersGetsTheDefault(int length) {
        assertEquals(PageLanguage.EN, PageLanguage.of("ru," + "x".repeat(length)));
    }
}
