package io.modelproxy.difficulty;

import io.modelproxy.translate.Message;
import io.modelproxy.translate.ModelRequest;
import io.modelproxy.translate.Part;
import io.modelproxy.translate.Role;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.stream.Collectors;

/**
 * What a classifier looks at, in any dialect: the last user message's text, the number of messages and
 * tools, and whether code is in it; and what identifies the conversation (the system prompt and the first
 * user message).
 *
 * @param turns user and assistant messages in the conversation
 * @param code the last user message holds a fenced code block
 */
record ClassifierInput(String system, String firstUser, String lastUser, int turns, int tools, boolean code) {

    static ClassifierInput of(ModelRequest request) {
        String system = request.system().stream().map(Part.Text::text).collect(Collectors.joining("\n"));
        List<String> userTexts = request.messages().stream()
                .filter(m -> m.role() == Role.USER)
                .map(ClassifierInput::text)
                .filter(text -> !text.isEmpty())
                .toList();
        String first = userTexts.isEmpty() ? "" : userTexts.getFirst();
        String last = userTexts.isEmpty() ? "" : userTexts.getLast();
        int turns = (int) request.messages().stream().filter(m -> m.role() != Role.SYSTEM).count();
        return new ClassifierInput(system, first, last, turns, request.tools().size(), last.contains("```"));
    }

    private static String text(Message message) {
        return message.parts().stream()
                .filter(Part.Text.class::isInstance)
                .map(p -> ((Part.Text) p).text())
                .collect(Collectors.joining("\n"));
    }

    /**
     * The conversation's identity for one model: a digest of the system prompt and the first user message,
     * which stay the same from turn to turn of an agent's session.
     */
    String conversation(String model) {
        try {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            for (String part : List.of(model, system, firstUser)) {
                byte[] bytes = part.getBytes(StandardCharsets.UTF_8);
                // length-prefixed, so no two different (system, first message) pairs digest alike
                digest.update(ByteBuffer.allocate(Integer.BYTES).putInt(bytes.length).array());
                digest.update(bytes);
            }
            return HexFormat.of().formatHex(digest.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
    }
}
