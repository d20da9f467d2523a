import io.fabric8.crd.generator.annotation.AdditionalPrinterColumn;
import io.fabric8.kubernetes.api.model.HasMetadata;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Build step, run after fabric8's CRD generator (which sorts printer columns by JSON path, so AGE
 * came first): puts each CRD's {@code additionalPrinterColumns} in the order the resource class
 * declares its {@code @AdditionalPrinterColumn} annotations — names and status first, AGE last, as
 * kubectl shows built-in kinds. Only the order of whole column entries changes; the text of each is
 * the generator's.
 *
 * <p>Usage: {@code java -cp <crds classes and dependencies> PrinterColumnOrder <dir> <resource class>...}
 */
public final class PrinterColumnOrder {
    private static final String BLOCK = "  - additionalPrinterColumns:";
    private static final String ENTRY = "    - ";
    private static final String CONTINUATION = "      ";

    public static void main(String[] args) throws Exception {
        Path dir = Path.of(args[0]);
        for (String className : Arrays.copyOfRange(args, 1, args.length)) {
            Class<? extends HasMetadata> type = Class.forName(className).asSubclass(HasMetadata.class);
            List<String> declared = Arrays.stream(type.getAnnotationsByType(AdditionalPrinterColumn.class))
                    .map(AdditionalPrinterColumn::name).toList();
            Path file = dir.resolve(HasMetadata.getPlural(type) + "." + HasMetadata.getGroup(type) + "-v1.yml");
            Files.writeString(file, reorder(Files.readString(file), declared, file));
        }
    }

    private static String reorder(String yaml, List<String> declared, Path file) throws IOException {
        List<String> lines = new ArrayList<>(yaml.lines().toList());
        int start = lines.indexOf(BLOCK);
        if (start < 0) {
            throw new IOException(file + ": no " + BLOCK.strip() + " block");
        }
        List<List<String>> entries = new ArrayList<>();
        int end = start + 1;
        for (; end < lines.size(); end++) {
            String line = lines.get(end);
            if (line.startsWith(ENTRY)) {
                entries.add(new ArrayList<>(List.of(line)));
            } else if (line.startsWith(CONTINUATION) && !entries.isEmpty()) {
                entries.getLast().add(line);
            } else {
                break;
            }
        }
        Map<String, List<String>> byName = entries.stream().collect(Collectors.toMap(PrinterColumnOrder::name, Function.identity()));
        if (!byName.keySet().equals(Set.copyOf(declared))) {
            throw new IOException(file + ": columns " + byName.keySet() + " differ from the declared " + declared);
        }
        List<String> ordered = new ArrayList<>(lines.subList(0, start + 1));
        declared.forEach(name -> ordered.addAll(byName.get(name)));
        ordered.addAll(lines.subList(end, lines.size()));
        return String.join("\n", ordered) + "\n";
    }

    private static String name(List<String> entry) {
        return entry.stream().map(String::strip).map(line -> line.startsWith("- ") ? line.substring(2) : line)
                .filter(line -> line.startsWith("name: ")).map(line -> line.substring("name: ".length()))
                .findFirst().orElseThrow(() -> new IllegalStateException("a printer column without a name: " + entry));
    }
}
