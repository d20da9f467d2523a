package io.modelproxy.admin.activity;

import java.util.List;

/** The gateway's live state of each upstream key (ready, cooling down, suspended). */
public interface KeyStatusSource {
    List<KeyStatus> statuses();
}
