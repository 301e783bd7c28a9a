package dev.keyward.mail;

import io.javalin.config.JavalinConfig;
import io.javalin.http.Context;

import java.util.List;

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

    private void show(Context ctx) {
        // The captured mails hold live reset codes: only the machine Keyward runs on may read them.
        if (!isLoopback(ctx.req().getRemoteAddr())) {
            throw dev.keyward.http.ApiException.notFound("Resource not found");
        }
        List<DevMailbox.Captured> mails = mailbox.list();
        String accept = ctx.header("Accept");
        if ("json".equals(ctx.queryParam("format")) || (accept != null && accept.contains("application/json"))) {
            ctx.json(new Mails(mails));
            return;
        }
        StringBuilder html = new StringBuilder("""
                <!doctype html><html><head><meta charset="utf-8"><title>Keyward dev mailbox</title></head>
                <body style="font-family:sans-serif;max-width:800px;margin:2em auto"><h1>Dev mailbox</h1>
                <p>No SMTP server is configured (KEYWARD_SMTP_HOST), so emails are kept here. Newest first.</p>""");
        if (mails.isEmpty()) {
            html.append("<p><em>No emails yet.</em></p>");
        }
        for (DevMailbox.Captured m : mails) {
            html.append("<div style=\"border:1px solid #ccc;padding:1em;margin:1em 0\"><b>")
                    .append(MailTemplates.esc(m.subject())).append("</b><br>To: ").append(MailTemplates.esc(m.to()))
                    .append("<br>From: ").append(MailTemplates.esc(m.from())).append("<br>At: ")
                    .append(MailTemplates.esc(m.receivedAt())).append("<pre style=\"white-space:pre-wrap\">")
                    .append(MailTemplates.esc(m.text())).append("</pre></div>");
        }
        ctx.header("Cache-Control", "no-store");
        ctx.contentType("text/html; charset=utf-8").result(html.append("</body></html>").toString());
    }
}
