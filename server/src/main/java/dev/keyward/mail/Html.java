package dev.keyward.mail;

/** HTML escaping for values placed in mails and in the dev mailbox page. */
public final class Html {
    private Html() {
    }

    /** Escapes the five characters that matter in element content and quoted attributes. */
    public static String escape(String s) {
        if (s == null) {
            return "";
        }
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;").replace("'", "&#39;");
    }
}
