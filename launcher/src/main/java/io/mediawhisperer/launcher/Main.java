package io.mediawhisperer.launcher;

import io.mediawhisperer.bus.AuthBus;
import io.mediawhisperer.bus.Failure;
import io.mediawhisperer.config.ConfigKeys;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code java -jar mediawhisperer.jar [serve|migrate|user add] [--key value ...]} */
@Command(name = "mediawhisperer", mixinStandardHelpOptions = true, versionProvider = Main.Version.class,
    description = "Your media as a private knowledge base you can search and talk to.",
    subcommands = {Main.Serve.class, Main.Migrate.class, Main.Users.class, Main.BackupCommand.class, Main.RestoreCommand.class})
public final class Main {

  private static final Map<String, String> ENV = System.getenv();

  public static void main(String[] args) {
    int code = execute(args);
    if (code != Serve.RUNNING) {
      System.exit(code);
    }
  }

  /** Runs a command; {@code serve} returns {@link Serve#RUNNING} and leaves the node running. */
  static int execute(String... args) {
    return commandLine().execute(withDefaultCommand(args));
  }

  /** As {@link #execute(String...)}, writing to the given streams (tests). */
  static int execute(PrintWriter out, PrintWriter err, String... args) {
    CommandLine cli = commandLine();
    cli.setOut(out);
    cli.setErr(err);
    return cli.execute(withDefaultCommand(args));
  }

  static CommandLine commandLine() {
    CommandLine cli = new CommandLine(new Main());
    ConfigOptions.addTo(cli.getSubcommands().get("serve").getCommandSpec());
    ConfigOptions.addTo(cli.getSubcommands().get("migrate").getCommandSpec());
    for (String command : new String[] {"add", "list", "update", "reset-password", "invite", "audit"}) {
      ConfigOptions.addTo(cli.getSubcommands().get("user").getSubcommands().get(command).getCommandSpec());
    }
    ConfigOptions.addTo(cli.getSubcommands().get("backup").getCommandSpec());
    ConfigOptions.addTo(cli.getSubcommands().get("restore").getCommandSpec());
    cli.setExecutionExceptionHandler((error, commandLine, parseResult) -> {
      commandLine.getErr().println("error: " + (error.getMessage() != null ? error.getMessage() : DatabaseHandle.rootMessage(error)));
      commandLine.getErr().flush();
      return 1;
    });
    return cli;
  }

  /** {@code serve} is the default: no arguments, or flags only, start a node. */
  private static String[] withDefaultCommand(String[] args) {
    boolean help = args.length > 0 && Arrays.asList("-h", "--help", "-V", "--version").contains(args[0]);
    if (args.length == 0 || (args[0].startsWith("-") && !help)) {
      String[] withServe = new String[args.length + 1];
      withServe[0] = "serve";
      System.arraycopy(args, 0, withServe, 1, args.length);
      return withServe;
    }
    return args;
  }

  abstract static class NodeCommand {
    @Spec
    CommandLine.Model.CommandSpec spec;

    @Option(names = "--config", paramLabel = "FILE", description = "JSON file of configuration keys (env MW_CONFIG)")
    Path configFile;

    JsonObject config() {
      Path file = configFile != null ? configFile : ENV.containsKey("MW_CONFIG") ? Path.of(ENV.get("MW_CONFIG")) : null;
      return ConfigOptions.resolve(spec, file, ENV);
    }
  }

  @Command(name = "serve", mixinStandardHelpOptions = true, description = "Start a node (the default command)")
  static final class Serve extends NodeCommand implements Callable<Integer> {
    static final int RUNNING = -1;

    @Override
    public Integer call() throws Exception {
      JsonObject config = config();
      // registered before the start, so a SIGTERM that arrives while the node starts still stops what started
      AtomicReference<Node> running = new AtomicReference<>();
      Runtime.getRuntime().addShutdownHook(new Thread(() -> {
        Node node = running.get();
        if (node != null) {
          try {
            node.close();
          } catch (Exception e) {
            System.err.println("error while stopping: " + e.getMessage());
          }
        }
      }, "mw-shutdown"));
      running.set(Node.start(config));
      return RUNNING;
    }
  }

  @Command(name = "migrate", mixinStandardHelpOptions = true, description = "Bring the database schema up to date, then exit")
  static final class Migrate extends NodeCommand implements Callable<Integer> {
    @Override
    public Integer call() throws Exception {
      try (DatabaseHandle ignored = DatabaseHandle.open(config())) {
        spec.commandLine().getOut().println("database is up to date");
      }
      return 0;
    }
  }

  @Command(name = "backup", mixinStandardHelpOptions = true,
      description = "Write one archive of the database, the vector index and the blob files; the node may keep serving")
  static final class BackupCommand extends NodeCommand implements Callable<Integer> {
    @Option(names = "--to", required = true, paramLabel = "FILE", description = "The archive to write (a zip)")
    Path to;

    @Override
    public Integer call() throws Exception {
      JsonObject config = config();
      long started = System.nanoTime();
      // with a node serving, the snapshot is taken through its embedded PostgreSQL
      JsonObject manifest = onDatabase(config, true, url -> new Backup(config).to(to, url));
      long rows = manifest.getJsonArray("tables").stream().mapToLong(t -> ((JsonObject) t).getLong("rows")).sum();
      spec.commandLine().getOut().printf("backup written to %s: %d bytes, %d tables (%d rows), %d index files, %d blob files,"
              + " schema version %s, in %.1f s%n", to, java.nio.file.Files.size(to), manifest.getJsonArray("tables").size(), rows,
          manifest.getJsonObject("entries").fieldNames().stream().filter(n -> n.startsWith("index/")).count(),
          manifest.getInteger("blobFiles"), manifest.getString("schemaVersion"), (System.nanoTime() - started) / 1e9);
      return 0;
    }
  }

  @Command(name = "restore", mixinStandardHelpOptions = true,
      description = "Restore a backup into an empty data dir and database (checked whole first), then migrate it to this version")
  static final class RestoreCommand extends NodeCommand implements Callable<Integer> {
    @Option(names = "--from", required = true, paramLabel = "FILE", description = "The archive `backup` wrote")
    Path from;

    @Override
    public Integer call() throws Exception {
      JsonObject config = config();
      long started = System.nanoTime();
      // checked whole before an embedded database is started, so a refused archive writes nothing
      JsonObject manifest = Restore.verify(from);
      onDatabase(config, false, url -> {
        new Restore(config).from(from, manifest, url);
        return null;
      });
      spec.commandLine().getOut().printf("restored %s (taken %s at schema version %s) in %.1f s%n", from, manifest.getString("createdAt"),
          manifest.getString("schemaVersion"), (System.nanoTime() - started) / 1e9);
      return 0;
    }
  }

  interface DatabaseWork<T> {
    T run(String dbUrl) throws Exception;
  }

  /**
   * Runs {@code work} on the configured database, or else on the data dir's embedded one: the
   * running node's when {@code throughRunningNode} and one runs (its port is in
   * {@code postmaster.pid}), otherwise started for the length of the work.
   */
  static <T> T onDatabase(JsonObject config, boolean throughRunningNode, DatabaseWork<T> work) throws Exception {
    String configured = config.getString(ConfigKeys.DB_URL.name());
    if (configured != null) {
      return work.run(configured);
    }
    Path pg = Path.of(config.getString(ConfigKeys.DATA_DIR.name())).resolve("pg");
    Integer port = throughRunningNode ? RunningPostmaster.port(pg.resolve("data")) : null;
    if (port != null) {
      return work.run("postgresql://postgres@127.0.0.1:" + port + "/" + EmbeddedDatabase.DATABASE);
    }
    try (EmbeddedDatabase db = EmbeddedDatabase.start(pg, 0, DatabaseHandle.durability(config))) {
      return work.run(db.url());
    }
  }

  @Command(name = "user", mixinStandardHelpOptions = true, description = "Manage accounts",
      subcommands = {AddUser.class, ListUsers.class, UpdateUser.class, ResetPassword.class, Invite.class, Audit.class})
  static final class Users implements Callable<Integer> {
    @Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
      spec.commandLine().usage(spec.commandLine().getOut());
      return 2;
    }
  }

  /**
   * A {@code user} command: the auth role alone, deployed in this process on the node's database
   * (which it needs to itself when it is the embedded one), answers one request on its bus.
   */
  abstract static class AuthCommand extends NodeCommand implements Callable<Integer> {

    /** The request, and what to print of its reply. */
    abstract JsonObject run(Vertx vertx) throws Exception;

    abstract void print(PrintWriter out, JsonObject reply);

    @Override
    public Integer call() throws Exception {
      JsonObject config = config().put("cluster", false);
      try (DatabaseHandle database = DatabaseHandle.open(config)) {
        config.put("db-url", database.url());
        Vertx vertx = NodeVertx.create(new JsonObject()).toCompletionStage().toCompletableFuture().get();
        try {
          vertx.deployVerticle(Role.AUTH.verticle(), new DeploymentOptions().setConfig(config)).toCompletionStage().toCompletableFuture()
              .get(60, TimeUnit.SECONDS);
          JsonObject reply = run(vertx);
          PrintWriter out = spec.commandLine().getOut();
          print(out, reply);
          out.flush();
          return 0;
        } catch (java.util.concurrent.ExecutionException e) {
          Failure failure = Failure.from(e.getCause());
          spec.commandLine().getErr().println("error: " + failure.message() + " (" + failure.code() + ")");
          return 1;
        } finally {
          vertx.close().toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
        }
      }
    }

    static JsonObject request(Vertx vertx, String address, JsonObject body) throws Exception {
      return vertx.eventBus().<JsonObject>request(address, body).map(reply -> reply.body())
          .toCompletionStage().toCompletableFuture().get(60, TimeUnit.SECONDS);
    }

    /** The id of the account with this email, or a 404 failure. */
    static String userId(Vertx vertx, String email) throws Exception {
      JsonObject found = request(vertx, AuthBus.ADMIN_USERS, new JsonObject().put("query", email).put("limit", 200));
      return found.getJsonArray("items").stream().map(JsonObject.class::cast)
          .filter(u -> u.getString("email").equalsIgnoreCase(email.trim())).findFirst()
          .orElseThrow(() -> new java.util.concurrent.ExecutionException(Failure.notFound("no account with the email " + email).asException()))
          .getString("id");
    }
  }

  @Command(name = "add", mixinStandardHelpOptions = true, description = "Create an account (--superuser: a superuser)")
  static final class AddUser extends AuthCommand {
    @Option(names = "--email", required = true, description = "Email address (stored lower-cased)")
    String email;

    @Option(names = "--password", required = true, description = "At least 8 characters")
    String password;

    @Option(names = "--name", description = "Display name")
    String name;

    @Option(names = "--superuser", description = "Make the account a superuser")
    boolean superuser;

    @Override
    JsonObject run(Vertx vertx) throws Exception {
      return request(vertx, AuthBus.CREATE_USER, new JsonObject().put("email", email).put("password", password).put("name", name)
          .put("superuser", superuser)).getJsonObject("user");
    }

    @Override
    void print(PrintWriter out, JsonObject user) {
      out.println("created " + (user.getBoolean("isSuperuser") ? "superuser " : "user ") + user.getString("email") + " (" + user.getString("id") + ")");
    }
  }

  @Command(name = "list", mixinStandardHelpOptions = true, description = "List accounts, newest first")
  static final class ListUsers extends AuthCommand {
    @Option(names = "--query", description = "Part of an email or name")
    String query;

    @Option(names = "--limit", defaultValue = "50", description = "At most this many (1-200; default ${DEFAULT-VALUE})")
    int limit;

    @Override
    JsonObject run(Vertx vertx) throws Exception {
      return request(vertx, AuthBus.ADMIN_USERS, new JsonObject().put("query", query).put("limit", limit));
    }

    @Override
    void print(PrintWriter out, JsonObject reply) {
      out.printf("%-40s %-9s %-6s %-20s %-20s%n", "email", "superuser", "active", "created", "last seen");
      for (Object item : reply.getJsonArray("items")) {
        JsonObject u = (JsonObject) item;
        out.printf("%-40s %-9s %-6s %-20s %-20s%n", u.getString("email"), u.getBoolean("isSuperuser") ? "yes" : "no",
            u.getBoolean("isActive") ? "yes" : "no", u.getString("createdAt").substring(0, 19), u.getString("lastSeenAt", "-").substring(0,
                Math.min(19, u.getString("lastSeenAt", "-").length())));
      }
      out.println(reply.getLong("total") + " account(s)");
    }
  }

  @Command(name = "update", mixinStandardHelpOptions = true,
      description = "Deactivate or reactivate an account, make or unmake a superuser (never the last), set its quotas; audited")
  static final class UpdateUser extends AuthCommand {
    @Option(names = "--email", required = true, description = "The account")
    String email;

    @Option(names = "--active", arity = "1", description = "false: deactivate (its sessions end); true: reactivate")
    Boolean active;

    @Option(names = "--superuser", arity = "1", description = "true or false")
    Boolean superuser;

    @Option(names = "--quota-mb", description = "Megabytes of uploads it may keep: a number (0: no limit) or 'default'")
    String quotaMb;

    @Option(names = "--quota-sources", description = "Sources it may have: a number (0: no limit) or 'default'")
    String quotaSources;

    @Option(names = "--quota-uploads-per-hour", description = "Sources it may add in an hour: a number (0: no limit) or 'default'")
    String quotaUploads;

    @Override
    JsonObject run(Vertx vertx) throws Exception {
      JsonObject update = new JsonObject().put("userId", userId(vertx, email));
      if (active != null) {
        update.put("isActive", active);
      }
      if (superuser != null) {
        update.put("isSuperuser", superuser);
      }
      JsonObject quota = new JsonObject();
      limit(quota, "bytes", quotaMb, 1024L * 1024L);
      limit(quota, "sources", quotaSources, 1);
      limit(quota, "uploadsPerHour", quotaUploads, 1);
      if (!quota.isEmpty()) {
        update.put("quota", quota);
      }
      return request(vertx, AuthBus.ADMIN_USER_UPDATE, update).getJsonObject("user");
    }

    private static void limit(JsonObject quota, String field, String value, long unit) {
      if (value == null) {
        return;
      }
      if (value.equals("default")) {
        quota.putNull(field);
        return;
      }
      try {
        long n = Long.parseLong(value);
        quota.put(field, unit == 1 ? (Object) (int) n : (Object) (n * unit));
      } catch (NumberFormatException e) {
        throw new CommandLine.ParameterException(new CommandLine(new Object()), field + ": a whole number or 'default', not '" + value + "'");
      }
    }

    @Override
    void print(PrintWriter out, JsonObject user) {
      out.println(user.getString("email") + ": " + (user.getBoolean("isActive") ? "active" : "deactivated")
          + (user.getBoolean("isSuperuser") ? ", superuser" : "") + ", quota " + user.getJsonObject("effectiveQuota").encode() + " (0: no limit)");
    }
  }

  @Command(name = "reset-password", mixinStandardHelpOptions = true,
      description = "Give an account a temporary password it must change at its next login (its sessions end); audited")
  static final class ResetPassword extends AuthCommand {
    @Option(names = "--email", required = true, description = "The account")
    String email;

    @Override
    JsonObject run(Vertx vertx) throws Exception {
      return request(vertx, AuthBus.ADMIN_PASSWORD_RESET, new JsonObject().put("userId", userId(vertx, email)));
    }

    @Override
    void print(PrintWriter out, JsonObject reply) {
      out.println("temporary password for " + email + ": " + reply.getString("temporaryPassword"));
    }
  }

  @Command(name = "invite", mixinStandardHelpOptions = true, description = "A single-use invitation (registration-mode invite); audited")
  static final class Invite extends AuthCommand {
    @Option(names = "--email", description = "Only this email may use it")
    String email;

    @Option(names = "--expires-in-hours", defaultValue = "168", description = "1-2160 (default ${DEFAULT-VALUE})")
    int hours;

    @Override
    JsonObject run(Vertx vertx) throws Exception {
      return request(vertx, AuthBus.INVITATION_CREATE, new JsonObject().put("email", email).put("expiresInHours", hours)).getJsonObject("invitation");
    }

    @Override
    void print(PrintWriter out, JsonObject invitation) {
      out.println("invitation " + invitation.getString("id") + " until " + invitation.getString("expiresAt") + ": register at"
          + " <server>/#/register?invitation=" + invitation.getString("token"));
    }
  }

  @Command(name = "audit", mixinStandardHelpOptions = true, description = "Who changed what about accounts, newest first")
  static final class Audit extends AuthCommand {
    @Option(names = "--limit", defaultValue = "50", description = "1-500 (default ${DEFAULT-VALUE})")
    int limit;

    @Override
    JsonObject run(Vertx vertx) throws Exception {
      return request(vertx, AuthBus.ADMIN_AUDIT, new JsonObject().put("limit", limit));
    }

    @Override
    void print(PrintWriter out, JsonObject reply) {
      for (Object item : reply.getJsonArray("items")) {
        JsonObject e = (JsonObject) item;
        out.println(e.getString("at") + "  " + (e.containsKey("actor") ? e.getJsonObject("actor").getString("email") : "-") + "  "
            + e.getString("action") + "  " + (e.containsKey("target") ? e.getJsonObject("target").getString("email") : "-") + "  "
            + e.getJsonObject("details").encode());
      }
    }
  }

  static final class Version implements CommandLine.IVersionProvider {
    @Override
    public String[] getVersion() {
      return new String[] {"MediaWhisperer " + current()};
    }

    static String current() {
      String v = Main.class.getPackage().getImplementationVersion();
      return v == null ? "(development build)" : v;
    }
  }
}
