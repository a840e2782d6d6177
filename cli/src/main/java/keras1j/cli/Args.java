package keras1j.cli;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Parsed arguments of one command: positionals, {@code --name value} options and {@code --flag}s.
 * Each command declares which options and flags it takes; anything else is a usage error.
 */
final class Args {
    private final List<String> positionals = new ArrayList<>();
    private final Map<String, String> options = new HashMap<>();
    private final Map<String, Boolean> flags = new HashMap<>();

    private Args() {
    }

    static Args parse(List<String> argv, Set<String> optionNames, Set<String> flagNames) {
        Args a = new Args();
        for (int i = 0; i < argv.size(); i++) {
            String s = argv.get(i);
            if (s.startsWith("--")) {
                String name = s.substring(2);
                String value = null;
                int eq = name.indexOf('=');
                if (eq >= 0) {
                    value = name.substring(eq + 1);
                    name = name.substring(0, eq);
                }
                if (flagNames.contains(name) && value == null) {
                    a.flags.put(name, true);
                } else if (optionNames.contains(name)) {
                    if (value == null) {
                        if (i + 1 >= argv.size()) {
                            throw new UsageException("option --" + name + " needs a value");
                        }
                        value = argv.get(++i);
                    }
                    if (a.options.put(name, value) != null) {
                        throw new UsageException("option --" + name + " given twice");
                    }
                } else {
                    throw new UsageException("unknown option --" + name);
                }
            } else {
                a.positionals.add(s);
            }
        }
        return a;
    }

    List<String> positionals() {
        return positionals;
    }

    /** The single positional argument called {@code what} in messages. */
    String onePositional(String what) {
        if (positionals.size() != 1) {
            throw new UsageException("expected exactly one " + what + ", got " + positionals.size() + " arguments "
                    + positionals);
        }
        return positionals.get(0);
    }

    Optional<String> option(String name) {
        return Optional.ofNullable(options.get(name));
    }

    String required(String name) {
        return option(name).orElseThrow(() -> new UsageException("missing required option --" + name));
    }

    Optional<Path> path(String name) {
        return option(name).map(Path::of);
    }

    boolean flag(String name) {
        return flags.getOrDefault(name, false);
    }

    int intOption(String name, int fallback) {
        String v = options.get(name);
        if (v == null) {
            return fallback;
        }
        try {
            return Integer.parseInt(v);
        } catch (NumberFormatException e) {
            throw new UsageException("option --" + name + " expects an integer, got '" + v + "'");
        }
    }

    Optional<Double> doubleOption(String name) {
        String v = options.get(name);
        if (v == null) {
            return Optional.empty();
        }
        try {
            return Optional.of(Double.parseDouble(v));
        } catch (NumberFormatException e) {
            throw new UsageException("option --" + name + " expects a number, got '" + v + "'");
        }
    }
}
