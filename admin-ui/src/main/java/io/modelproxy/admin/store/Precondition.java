package io.modelproxy.admin.store;

/**
 * What a writer expects to find: optimistic concurrency without locks held across a user's edit.
 *
 * @param version the version the writer read ({@code If-Match}); null for none
 * @param mustNotExist true for a create ({@code If-None-Match: *}): an existing object is a conflict
 */
public record Precondition(String version, boolean mustNotExist) {
    public static final Precondition NONE = new Precondition(null, false);
    public static final Precondition CREATE = new Precondition(null, true);

    public static Precondition ifMatch(String version) {
        return new Precondition(version, false);
    }

    /**
     * Refuses the write when the object is not as expected.
     *
     * @param current the object's version now, null when there is none
     */
    public void check(ObjectKind kind, String name, String current) {
        if (mustNotExist && current != null) {
            throw EditRefused.conflict(kind.kind() + " " + name + " already exists; reload it and edit that one");
        }
        if (version != null && current == null) {
            throw EditRefused.notFound(kind.kind() + " " + name + " no longer exists");
        }
        if (version != null && !version.equals(current)) {
            throw EditRefused.conflict(kind.kind() + " " + name
                    + " changed since it was read; reload it and apply the edit again");
        }
    }
}
