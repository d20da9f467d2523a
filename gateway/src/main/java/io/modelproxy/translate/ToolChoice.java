package io.modelproxy.translate;

/** Whether and which tool the model must call; {@code name} only for {@link Mode#TOOL}. */
public record ToolChoice(Mode mode, String name) {
    public static final ToolChoice AUTO = new ToolChoice(Mode.AUTO, null);
    public static final ToolChoice ANY = new ToolChoice(Mode.ANY, null);
    public static final ToolChoice NONE = new ToolChoice(Mode.NONE, null);

    public enum Mode {
        AUTO,
        ANY,
        NONE,
        TOOL
    }

    public static ToolChoice tool(String name) {
        return new ToolChoice(Mode.TOOL, name);
    }
}
