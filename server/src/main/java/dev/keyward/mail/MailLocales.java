package dev.keyward.mail;

import dev.keyward.http.JsonBody;

import java.util.ArrayList;
import java.util.IllformedLocaleException;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * Which language a mail is written in. Tags are BCP 47, stored in canonical form ({@code pt-br}
 * becomes {@code pt-BR}). The locale a mail asks for is the user's, else the request's
 * Accept-Language, else the project's default; the template is then matched on the exact tag,
 * then its language ({@code pt-BR} to {@code pt}), then the project default, then English.
 */
public final class MailLocales {
    public static final String FALLBACK = "en";
    public static final int MAX_LENGTH = 35;
    public static final String PROBLEM = "must be a BCP 47 language tag such as en, de or pt-BR";
    /** Longer Accept-Language headers are not parsed: nobody's browser sends one, and parsing is not free. */
    private static final int MAX_HEADER = 256;
    private static final Set<String> LANGUAGES = Set.of(Locale.getISOLanguages());
    private static final Set<String> REGIONS = Set.of(Locale.getISOCountries());

    private MailLocales() {
    }

    /** The canonical form of a well-formed tag whose language and region exist; empty otherwise. */
    public static Optional<String> canonical(String tag) {
        if (tag == null || tag.isBlank() || tag.length() > MAX_LENGTH) {
            return Optional.empty();
        }
        Locale locale;
        try {
            locale = new Locale.Builder().setLanguageTag(tag.trim()).build();
        } catch (IllformedLocaleException e) {
            return Optional.empty();
        }
        String language = locale.getLanguage();
        boolean knownLanguage = LANGUAGES.contains(language)
                || language.length() == 3 && !locale.getDisplayLanguage(Locale.ENGLISH).equals(language);
        String region = locale.getCountry();
        boolean knownRegion = region.isEmpty() || REGIONS.contains(region) || region.matches("[0-9]{3}");
        if (!knownLanguage || !knownRegion || !locale.getExtensionKeys().isEmpty() || !locale.getVariant().isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(locale.toLanguageTag());
    }

    /** An optional locale field of a request body, in canonical form; a tag that is not known is rejected on the body. */
    public static String optional(JsonBody body, String field) {
        Optional<String> raw = body.optionalString(field);
        Optional<String> tag = raw.flatMap(MailLocales::canonical);
        if (raw.isPresent() && tag.isEmpty()) {
            body.reject(field, PROBLEM);
        }
        return tag.orElse(null);
    }

    /** The first language of an Accept-Language header (by weight) that is a known tag. */
    public static Optional<String> fromAcceptLanguage(String header) {
        if (header == null || header.isBlank() || header.length() > MAX_HEADER) {
            return Optional.empty();
        }
        List<Locale.LanguageRange> ranges;
        try {
            ranges = Locale.LanguageRange.parse(header);
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
        for (Locale.LanguageRange range : ranges) {
            if (range.getWeight() > 0 && !range.getRange().contains("*")) {
                Optional<String> tag = canonical(range.getRange());
                if (tag.isPresent()) {
                    return tag;
                }
            }
        }
        return Optional.empty();
    }

    /**
     * The locale a mail asks for: the user's, else the request's Accept-Language, else the project's
     * default. The header is parsed either way, so a reset request for an address with an account
     * (and a locale) does the same work as one for an address without.
     */
    public static String choose(String userLocale, String acceptLanguage, String projectDefault) {
        Optional<String> requested = fromAcceptLanguage(acceptLanguage);
        if (userLocale != null) {
            return userLocale;
        }
        return requested.orElse(projectDefault == null ? FALLBACK : projectDefault);
    }

    /** The locales to try, in order: the tag, its language, the project default and its language, then English. */
    public static List<String> candidates(String requested, String projectDefault) {
        Set<String> out = new LinkedHashSet<>();
        for (String tag : new String[] {requested, projectDefault}) {
            if (tag != null) {
                out.add(tag);
                out.add(language(tag));
            }
        }
        out.add(FALLBACK);
        return new ArrayList<>(out);
    }

    static String language(String tag) {
        int dash = tag.indexOf('-');
        return dash < 0 ? tag : tag.substring(0, dash);
    }
}
