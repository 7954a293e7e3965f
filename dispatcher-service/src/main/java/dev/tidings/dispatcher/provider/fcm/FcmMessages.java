package dev.tidings.dispatcher.provider.fcm;

import com.google.firebase.messaging.AndroidConfig;
import com.google.firebase.messaging.AndroidNotification;
import com.google.firebase.messaging.Message;
import com.google.firebase.messaging.Notification;
import dev.tidings.contracts.events.AndroidPush;

/** Builds firebase-admin {@link Message}s from rendered {@link AndroidPush} payloads, field for field. Pure. */
public final class FcmMessages {

    public static Message toMessage(AndroidPush push, String token) {
        Message.Builder message = Message.builder().setToken(token);
        if (push.notification() != null) {
            message.setNotification(Notification.builder()
                    .setTitle(push.notification().title())
                    .setBody(push.notification().body())
                    .setImage(push.notification().image())
                    .build());
        }
        if (push.android() != null) {
            AndroidPush.Android a = push.android();
            AndroidConfig.Builder android = AndroidConfig.builder().setCollapseKey(a.collapseKey());
            if (a.priority() != null) {
                android.setPriority("high".equalsIgnoreCase(a.priority()) ? AndroidConfig.Priority.HIGH : AndroidConfig.Priority.NORMAL);
            }
            if (a.ttlSeconds() != null) {
                android.setTtl(a.ttlSeconds() * 1000);
            }
            if (a.notification() != null) {
                AndroidPush.AndroidNotification n = a.notification();
                AndroidNotification.Builder notification = AndroidNotification.builder()
                        .setTitle(n.title())
                        .setBody(n.body())
                        .setTicker(n.ticker())
                        .setSound(n.sound())
                        .setIcon(n.icon())
                        .setColor(n.color())
                        .setClickAction(n.clickAction())
                        .setChannelId(n.channelId())
                        .setImage(n.image());
                if (n.notificationCount() != null) {
                    notification.setNotificationCount(n.notificationCount());
                }
                if (n.priority() != null) {
                    notification.setPriority(AndroidNotification.Priority.valueOf(n.priority()));
                }
                android.setNotification(notification.build());
            }
            message.setAndroidConfig(android.build());
        }
        if (push.data() != null) {
            message.putAllData(push.data());
        }
        return message.build();
    }

    private FcmMessages() {
    }
}
