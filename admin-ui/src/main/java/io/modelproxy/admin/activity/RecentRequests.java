package io.modelproxy.admin.activity;

import java.util.List;

/** The gateway's buffer of recent requests, as the admin reads it (newest first). */
public interface RecentRequests {
    List<RequestSummary> recent(int limit);
}
