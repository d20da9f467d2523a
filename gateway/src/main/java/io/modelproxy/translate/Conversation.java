package io.modelproxy.translate;

import java.util.ArrayList;
import java.util.List;

/**
 * Builds the messages of a {@link ModelRequest} while a decoder walks a client's message list:
 * leading system texts apart, later ones in place, parts merged into the turn they belong to.
 */
public final class Conversation {
    private final List<Part.Text> system = new ArrayList<>();
    private final List<Role> roles = new ArrayList<>();
    private final List<List<Part>> parts = new ArrayList<>();

    /** System or developer text: leading ones become the system prompt, later ones stay in place. */
    public void system(List<Part.Text> texts) {
        if (roles.isEmpty()) {
            system.addAll(texts);
        } else {
            add(Role.SYSTEM, new ArrayList<>(texts));
        }
    }

    /** A new message. */
    public void add(Role role, List<? extends Part> content) {
        roles.add(role);
        parts.add(new ArrayList<>(content));
    }

    /** A part of the last message if it has this role, else of a new one. */
    public void join(Role role, Part part) {
        if (!roles.isEmpty() && roles.get(roles.size() - 1) == role) {
            parts.get(parts.size() - 1).add(part);
        } else {
            add(role, List.of(part));
        }
    }

    public List<Part.Text> systemTexts() {
        return List.copyOf(system);
    }

    public List<Message> messages() {
        List<Message> out = new ArrayList<>(roles.size());
        for (int i = 0; i < roles.size(); i++) {
            out.add(new Message(roles.get(i), parts.get(i)));
        }
        return out;
    }
}
