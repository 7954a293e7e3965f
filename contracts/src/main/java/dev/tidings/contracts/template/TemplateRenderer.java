package dev.tidings.contracts.template;

import dev.tidings.contracts.Json;
import dev.tidings.contracts.events.AndroidPush;
import dev.tidings.contracts.events.IosPush;
import dev.tidings.contracts.push.PushHeaders;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.UnaryOperator;

/**
 * Turns a template into the FCM message and the APNs request one recipient gets. Pure: the same template,
 * values and firing time give the same payloads. Smart text is filled in first ({@link #personalise}),
 * then the fields map onto the providers' as the README's template table shows.
 */
public final class TemplateRenderer {
    public static final String ANDROID_CANCEL_AFTER = "android-cancel-after";
    public static final String ANDROID_ACTIONS = "android-actions";

    /** The template with smart text filled in from these sources, in every field that may hold it. */
    public static PushTemplate personalise(PushTemplate t, SmartText.Sources sources) {
        return mapText(t, SmartText.with(sources));
    }

    /** Whether any field differs per recipient, so each one needs a payload of its own. */
    public static boolean isPersonal(PushTemplate t) {
        boolean[] personal = {false};
        mapText(t, text -> {
            personal[0] |= SmartText.isPersonal(text);
            return text;
        });
        return personal[0];
    }

    /**
     * Applies {@code f} to every field that may hold smart text: the content's texts and header values, the
     * alert title and subtitle, the Android title and summary, attachment URLs, the tap action and button
     * titles. Names, identifiers, sounds, icons, colours and the audience are used as they are.
     */
    public static PushTemplate mapText(PushTemplate t, UnaryOperator<String> f) {
        PushTemplate.Content c = t.content();
        PushTemplate.Content content = c == null ? null : new PushTemplate.Content(
                f.apply(c.message()), f.apply(c.title()), f.apply(c.subtitle()), mapValues(c.headers(), f));
        PushTemplate.Ios i = t.ios();
        PushTemplate.Ios ios = i == null ? null : new PushTemplate.Ios(
                f.apply(i.alertTitle()), f.apply(i.alertSubtitle()), i.badge(), i.sound(), f.apply(i.attachmentUrl()),
                i.mutableContent(), i.contentAvailable(), i.threadId(), category(i.category(), f));
        PushTemplate.Android a = t.android();
        PushTemplate.Android android = a == null ? null : new PushTemplate.Android(
                f.apply(a.contentTitle()), f.apply(a.summaryText()), a.icon(), a.largeIcon(), a.color(), a.badgeNumber(),
                a.sound(), f.apply(a.attachmentUrl()), a.priority(), a.ttlSeconds(), a.cancelAfterSeconds(),
                f.apply(a.actionOnTap()), androidActions(a.actions(), f), a.channelId());
        return new PushTemplate(t.name(), content, t.audience(), ios, android, t.delivery());
    }

    public static AndroidPush android(PushTemplate t) {
        PushTemplate.Content c = content(t);
        PushTemplate.Android a = t.android() == null ? EMPTY_ANDROID : t.android();
        PushTemplate.Delivery d = t.delivery() == null ? EMPTY_DELIVERY : t.delivery();
        Map<String, String> data = new LinkedHashMap<>();
        if (c.headers() != null) {
            data.putAll(c.headers());
        }
        data.put(PushHeaders.MESSAGE_KEY, nullToEmpty(c.message()));
        data.put(PushHeaders.TEMPLATE_NAME_KEY, t.name());
        // FCM has no field for these; the Backendless Android SDK reads them from data
        putIfPresent(data, PushHeaders.ANDROID_SUMMARY_SUBTEXT, a.summaryText() != null ? a.summaryText() : c.subtitle());
        putIfPresent(data, PushHeaders.ANDROID_LARGE_ICON, blankToNull(a.largeIcon()));
        putIfPresent(data, ANDROID_CANCEL_AFTER, a.cancelAfterSeconds() == null ? null : a.cancelAfterSeconds().toString());
        if (a.actions() != null && !a.actions().isEmpty()) {
            data.put(ANDROID_ACTIONS, Json.encode(a.actions()));
        }
        var notification = new AndroidPush.AndroidNotification(null, null, null, a.sound(), a.icon(), a.color(),
                a.actionOnTap(), a.channelId(), null, a.badgeNumber(),
                a.priority() == null ? null : a.priority().toUpperCase(Locale.ROOT));
        Long ttl = a.ttlSeconds() != null ? a.ttlSeconds() : d.ttlSeconds();
        String title = a.contentTitle() != null ? a.contentTitle() : c.title();
        if (isBlank(title) && isBlank(c.message())) {
            // nothing to show (a silent template): a data-only message, which wakes the app without a notification
            return new AndroidPush(null, new AndroidPush.Android(d.collapseKey(),
                    d.priority() == null ? "high" : d.priority(), ttl, null), data);
        }
        return new AndroidPush(
                new AndroidPush.Notification(title, c.message(), blankToNull(a.attachmentUrl())),
                new AndroidPush.Android(d.collapseKey(), d.priority() == null ? "high" : d.priority(), ttl, notification),
                data);
    }

    /**
     * The APNs request. Content-available with no text to show makes a silent background push (priority 5,
     * no alert, sound or badge, as Apple requires).
     *
     * @param firingAt when the occurrence fires: a TTL counts from then ({@code apns-expiration} is epoch seconds)
     */
    public static IosPush ios(PushTemplate t, Instant firingAt) {
        PushTemplate.Content c = content(t);
        PushTemplate.Ios i = t.ios() == null ? EMPTY_IOS : t.ios();
        PushTemplate.Delivery d = t.delivery() == null ? EMPTY_DELIVERY : t.delivery();
        String title = i.alertTitle() != null ? i.alertTitle() : c.title();
        String subtitle = i.alertSubtitle() != null ? i.alertSubtitle() : c.subtitle();
        boolean wake = Boolean.TRUE.equals(i.contentAvailable());
        boolean silent = wake && isBlank(c.message()) && isBlank(title) && isBlank(subtitle);
        Long expiration = d.ttlSeconds() == null ? null
                : d.ttlSeconds() == 0 ? 0L : firingAt.getEpochSecond() + d.ttlSeconds();
        Map<String, Object> aps = new LinkedHashMap<>();
        Map<String, Object> payload = new LinkedHashMap<>();
        payload.put("aps", aps);
        if (silent) {
            aps.put("content-available", 1);
        } else {
            Map<String, Object> alert = new LinkedHashMap<>();
            putIfPresent(alert, "title", title);
            putIfPresent(alert, "subtitle", subtitle);
            alert.put("body", nullToEmpty(c.message()));
            aps.put("alert", alert);
            putIfPresent(aps, "badge", i.badge());
            putIfPresent(aps, "sound", i.sound());
            putIfPresent(aps, "thread-id", i.threadId());
            putIfPresent(aps, "category", i.category() == null ? null : i.category().id());
            if (wake) {
                aps.put("content-available", 1);
            }
            String attachment = blankToNull(i.attachmentUrl());
            if (Boolean.TRUE.equals(i.mutableContent()) || attachment != null) {
                aps.put("mutable-content", 1);
            }
            putIfPresent(payload, PushHeaders.IOS_RICH_MEDIA_URL, attachment);
        }
        if (c.headers() != null) {
            payload.putAll(c.headers());
        }
        payload.put(PushHeaders.MESSAGE_KEY, nullToEmpty(c.message()));
        payload.put(PushHeaders.TEMPLATE_NAME_KEY, t.name());
        int priority = silent || "normal".equals(d.priority()) ? 5 : 10;
        return new IosPush(payload, silent ? "background" : "alert", priority, d.collapseKey(), expiration);
    }

    /**
     * Why a rendered template cannot be sent, or null: smart text may have made an attachment or icon URL
     * something other than an http(s) URL (a {@code templateValues} entry of {@code javascript:...}, say).
     * One left empty is no URL: the notification goes without it.
     */
    public static String urlProblem(PushTemplate rendered) {
        List<String[]> urls = new ArrayList<>();
        if (rendered.ios() != null) {
            urls.add(new String[] {"ios.attachmentUrl", rendered.ios().attachmentUrl()});
        }
        if (rendered.android() != null) {
            urls.add(new String[] {"android.attachmentUrl", rendered.android().attachmentUrl()});
            urls.add(new String[] {"android.largeIcon", rendered.android().largeIcon()});
        }
        for (String[] u : urls) {
            String value = u[1];
            if (!isBlank(value) && !SmartText.isHttpUrl(value)) {
                return u[0] + " is not an http or https URL once its placeholders are filled in";
            }
        }
        return null;
    }

    private static final PushTemplate.Content EMPTY_CONTENT = new PushTemplate.Content(null, null, null, null);
    private static final PushTemplate.Android EMPTY_ANDROID = new PushTemplate.Android(
            null, null, null, null, null, null, null, null, null, null, null, null, null, null);
    private static final PushTemplate.Ios EMPTY_IOS = new PushTemplate.Ios(null, null, null, null, null, null, null, null, null);
    private static final PushTemplate.Delivery EMPTY_DELIVERY = new PushTemplate.Delivery(null, null, null);

    private static PushTemplate.Content content(PushTemplate t) {
        return t.content() == null ? EMPTY_CONTENT : t.content();
    }

    private static PushTemplate.Category category(PushTemplate.Category c, UnaryOperator<String> f) {
        if (c == null || c.actions() == null) {
            return c;
        }
        List<PushTemplate.IosAction> actions = new ArrayList<>();
        for (PushTemplate.IosAction a : c.actions()) {
            actions.add(new PushTemplate.IosAction(a.id(), f.apply(a.title()), a.options()));
        }
        return new PushTemplate.Category(c.id(), actions);
    }

    private static List<PushTemplate.AndroidAction> androidActions(List<PushTemplate.AndroidAction> list, UnaryOperator<String> f) {
        if (list == null) {
            return null;
        }
        List<PushTemplate.AndroidAction> out = new ArrayList<>();
        for (PushTemplate.AndroidAction a : list) {
            out.add(new PushTemplate.AndroidAction(a.id(), f.apply(a.title()), a.icon()));
        }
        return out;
    }

    private static Map<String, String> mapValues(Map<String, String> map, UnaryOperator<String> f) {
        if (map == null) {
            return null;
        }
        Map<String, String> out = new LinkedHashMap<>();
        map.forEach((k, v) -> out.put(k, f.apply(v)));
        return out;
    }

    /** a URL that smart text left empty means none */
    private static String blankToNull(String s) {
        return isBlank(s) ? null : s;
    }

    private static boolean isBlank(String s) {
        return s == null || s.isBlank();
    }

    private static String nullToEmpty(String s) {
        return s == null ? "" : s;
    }

    private static <V> void putIfPresent(Map<String, V> map, String key, V value) {
        if (value != null) {
            map.put(key, value);
        }
    }

    private TemplateRenderer() {
    }
}
