package dev.keyward.mail;

import io.javalin.config.JavalinConfig;
import io.javalin.http.Context;

import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** GET /dev/mailbox: captured emails, newest first, as a page or (Accept: application/json, ?format=json) as JSON. */
public final class DevMailboxController {
    private final DevMailbox mailbox;

    public DevMailboxController(DevMailbox mailbox) {
        this.mailbox = mailbox;
    }

    public void routes(JavalinConfig config) {
        config.routes.get("/dev/mailbox", this::show);
    }

    static boolean isLoopback(String ip) {
        try {
            return ip != null && java.net.InetAddress.getByName(ip.split("%", 2)[0]).isLoopbackAddress();
        } catch (java.net.UnknownHostException e) {
            return false;
        }
    }

    record Mails(List<DevMailbox.Captured> emails) { }

    private static final Pattern URL = Pattern.compile("https?://[^\\s<>\"]+");

    /** The text, escaped, with every http(s) URL made a link (escaped too), so a verification link can be clicked. */
    static String linked(String text) {
        if (text == null) {
            return "";
        }
        StringBuilder out = new StringBuilder();
        Matcher m = URL.matcher(text);
        int last = 0;
        while (m.find()) {
            out.append(Html.escape(text.substring(last, m.start())));
            String url = Html.escape(m.group());
            out.append("<a href=\"").append(url).append("\">").append(url).append("</a>");
            last = m.end();
        }
        return out.append(Html.escape(text.substring(last))).toString();
    }

    private void show(Context ctx) {
        // The captured mails hold live reset codes: only the machine Keyward runs on may read them,
        // and not through a proxy on that machine (to which every internet client is loopback).
        if (!isLoopback(ctx.req().getRemoteAddr()) || ctx.header("X-Forwarded-For") != null
                || ctx.header("Forwarded") != null) {
            throw dev.keyward.http.ApiException.notFound("Resource not found");
        }
        String to = ctx.queryParam("to");
        List<DevMailbox.Captured> mails = mailbox.list().stream()
                .filter(m -> to == null || to.isBlank() || m.to().toLowerCase(Locale.ROOT).contains(to.trim().toLowerCase(Locale.ROOT)))
                .toList();
        String accept = ctx.header("Accept");
        if ("json".equals(ctx.queryParam("format")) || (accept != null && accept.contains("application/json"))) {
            ctx.json(new Mails(mails));
            return;
        }
        StringBuilder html = new StringBuilder("""
                <!doctype html><html><head><meta charset="utf-8"><title>Keyward dev mailbox</title></head>
                <body style="font-family:sans-serif;max-width:800px;margin:2em auto"><h1>Dev mailbox</h1>
                <p>No SMTP server is configured (KEYWARD_SMTP_HOST), so emails are kept here. Newest first.</p>
                <form method="get" action="/dev/mailbox"><label for="to">Recipient contains</label>
                """);
        html.append("<input id=\"to\" name=\"to\" type=\"search\" value=\"")
                .append(Html.escape(to == null ? "" : to))
                .append("\"> <button type=\"submit\">Filter</button></form>");
        if (mails.isEmpty()) {
            html.append("<p><em>No emails yet.</em></p>");
        }
        for (DevMailbox.Captured m : mails) {
            html.append("<div style=\"border:1px solid #ccc;padding:1em;margin:1em 0\"><b>")
                    .append(Html.escape(m.subject())).append("</b><br>To: ").append(Html.escape(m.to()))
                    .append("<br>From: ").append(Html.escape(m.from())).append("<br>At: ")
                    .append(Html.escape(m.receivedAt())).append("<pre style=\"white-space:pre-wrap\">")
                    .append(linked(m.text())).append("</pre></div>");
        }
        ctx.header("Cache-Control", "no-store");
        ctx.contentType("text/html; charset=utf-8").result(html.append("</body></html>").toString());
    }
}
