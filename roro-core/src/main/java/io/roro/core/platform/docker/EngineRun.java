package io.roro.core.platform.docker;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.math.BigDecimal;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * {@code docker run -d} on the engine's API: the container created and started with the two requests the command
 * line makes, without its process (~15 ms of a deploy's critical path). It takes the flags roro's own backends are
 * started with — {@code --name --network --label -e --env-file -v -w --cpus --cpu-shares --memory
 * --memory-reservation --gpus --log-opt} — read into the create request; any other flag, and an engine that cannot be
 * reached, leave the run to the command line, so one list of flags says what a backend is either way.
 */
final class EngineRun {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final long TIMEOUT_SECONDS = 120;

    private EngineRun() {
    }

    /**
     * Runs {@code args} ({@code run -d ... IMAGE [COMMAND...]}) on the engine: the command line's result (the
     * container ID, or the engine's refusal with exit 125, the command line's code for it); empty when these flags
     * or this engine are the command line's to run.
     */
    static Optional<CommandResult> run(EngineSocket engine, List<String> args) {
        Optional<Request> request = request(args);
        if (request.isEmpty()) {
            return Optional.empty();
        }
        String name = request.get().name();
        Optional<EngineSocket.Raw> created = engine.post("/containers/create?name=" + URLEncoder.encode(name,
                StandardCharsets.UTF_8), "application/json", request.get().body().toString()
                        .getBytes(StandardCharsets.UTF_8), TIMEOUT_SECONDS).flatMap(EngineSocket::raw);
        if (created.isEmpty()) {
            return Optional.empty(); // nothing was created: the command line can run it
        }
        if (created.get().status() != 201) {
            return Optional.of(refused(created.get()));
        }
        String id = json(created.get()).path("Id").asText(name);
        Optional<EngineSocket.Raw> started = engine.post("/containers/" + id + "/start", "application/json",
                new byte[0], TIMEOUT_SECONDS).flatMap(EngineSocket::raw);
        if (started.isPresent() && (started.get().status() == 204 || started.get().status() == 304)) {
            return Optional.of(new CommandResult(0, id + "\n", ""));
        }
        // as `docker run -d` leaves a container it could not start, but nothing of roro's is left half-made
        engine.delete("/containers/" + id + "?force=1", TIMEOUT_SECONDS);
        return Optional.of(started.map(EngineRun::refused).orElseGet(() -> new CommandResult(125, "",
                "docker: the engine did not answer the start of " + name)));
    }

    private static CommandResult refused(EngineSocket.Raw answer) {
        String message = json(answer).path("message").asText(new String(answer.body(), StandardCharsets.UTF_8));
        return new CommandResult(125, "", "docker: Error response from daemon: " + message.strip());
    }

    private static JsonNode json(EngineSocket.Raw answer) {
        JsonNode body = EngineSocket.answer(answer).body();
        return body == null ? JSON.createObjectNode() : body;
    }

    /** A create request: the container's name and the body the engine takes. */
    record Request(String name, ObjectNode body) {
    }

    /** The create request {@code args} stand for; empty for flags this does not read. */
    static Optional<Request> request(List<String> args) {
        if (args.size() < 2 || !args.get(0).equals("run") || !args.contains("-d")) {
            return Optional.empty();
        }
        ObjectNode body = JSON.createObjectNode();
        ObjectNode host = body.putObject("HostConfig");
        ArrayNode env = body.putArray("Env");
        ObjectNode labels = body.putObject("Labels");
        ArrayNode binds = host.putArray("Binds");
        String name = null;
        int i = 1;
        for (; i < args.size() && args.get(i).startsWith("-"); i++) {
            String flag = args.get(i);
            if (flag.equals("-d")) {
                continue;
            }
            if (i + 1 >= args.size()) {
                return Optional.empty();
            }
            String value = args.get(++i);
            if (!read(flag, value, body, host, env, labels, binds)) {
                return Optional.empty();
            }
            if (flag.equals("--name")) {
                name = value;
            }
        }
        if (name == null || i >= args.size()) {
            return Optional.empty();
        }
        body.put("Image", args.get(i));
        if (i + 1 < args.size()) {
            ArrayNode cmd = body.putArray("Cmd");
            args.subList(i + 1, args.size()).forEach(cmd::add);
        }
        return Optional.of(new Request(name, body));
    }

    /** One flag and its value into the request; false for one this does not read (or a value it cannot). */
    private static boolean read(String flag, String value, ObjectNode body, ObjectNode host, ArrayNode env,
            ObjectNode labels, ArrayNode binds) {
        try {
            switch (flag) {
                case "--name" -> {
                    // the create request's query, not its body
                }
                case "--network" -> host.put("NetworkMode", value);
                case "--label" -> {
                    int eq = value.indexOf('=');
                    labels.put(eq < 0 ? value : value.substring(0, eq), eq < 0 ? "" : value.substring(eq + 1));
                }
                case "-e" -> {
                    if (!value.contains("=")) {
                        return false; // the command line takes such a value from its environment
                    }
                    env.add(value);
                }
                case "--env-file" -> {
                    if (!envFile(Path.of(value), env)) {
                        return false;
                    }
                }
                case "-v" -> binds.add(value);
                case "--log-opt" -> {
                    int eq = value.indexOf('=');
                    if (eq < 1) {
                        return false;
                    }
                    // Type "" is the engine's default driver, as the command line sends without --log-driver
                    ObjectNode log = host.has("LogConfig") ? (ObjectNode) host.get("LogConfig")
                            : host.putObject("LogConfig").put("Type", "");
                    ObjectNode config = log.has("Config") ? (ObjectNode) log.get("Config") : log.putObject("Config");
                    config.put(value.substring(0, eq), value.substring(eq + 1));
                }
                case "-w" -> body.put("WorkingDir", value);
                case "--cpus" -> host.put("NanoCpus", new BigDecimal(value).movePointRight(9).longValueExact());
                case "--cpu-shares" -> host.put("CpuShares", Long.parseLong(value));
                case "--memory" -> host.put("Memory", Long.parseLong(value));
                case "--memory-reservation" -> host.put("MemoryReservation", Long.parseLong(value));
                case "--gpus" -> host.putArray("DeviceRequests").addObject().put("Driver", "")
                        .put("Count", value.equals("all") ? -1 : Integer.parseInt(value))
                        .putArray("Capabilities").addArray().add("gpu");
                default -> {
                    return false;
                }
            }
            return true;
        } catch (NumberFormatException | ArithmeticException e) {
            return false; // the command line says what is wrong with the value
        }
    }

    /** The variables of an env file as the command line reads one: NAME=VALUE lines, blank lines and # comments. */
    private static boolean envFile(Path file, ArrayNode env) {
        try {
            for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
                String trimmed = line.stripLeading();
                if (trimmed.isEmpty() || trimmed.startsWith("#")) {
                    continue;
                }
                if (!trimmed.contains("=")) {
                    return false; // a name alone: the command line's own environment has its value
                }
                env.add(trimmed);
            }
            return true;
        } catch (IOException e) {
            return false; // the command line says what is wrong with the file
        }
    }
}
