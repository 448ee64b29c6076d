package dev.steward.server;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.steward.core.Futures;
import dev.steward.core.StewardException;
import dev.steward.store.EvalStorage;
import dev.steward.store.NewApiKey;
import dev.steward.tlog.ReceiptCodec;
import dev.steward.web.AdminSession;
import dev.steward.web.Asset;
import dev.steward.web.Assets;
import dev.steward.web.Frame;
import dev.steward.web.Page;
import dev.steward.web.Pages;
import io.netty.handler.codec.http.QueryStringDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.InstantSource;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Steward's web pages, served beside the API: the public pages (transparency log, receipts, ATRS
 * records, benefits) and, for the holder of the admin key, the admin pages. Pages are rendered on
 * the server and work without JavaScript.
 *
 * <p>Admin pages need a session: signing in with the admin key sets a signed, HTTP-only,
 * same-site-strict cookie ({@link AdminSession}); every admin form carries the session's CSRF token
 * and a post without it is refused, as is a post from another origin. Every page is sent with a
 * content security policy that allows only this origin's scripts and styles.
 */
final class PageHandler {
  private static final Logger LOG = LoggerFactory.getLogger(PageHandler.class);
  private static final String HTML = "text/html; charset=utf-8";
  static final String CSP =
      "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; font-src"
          + " 'self'; object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors"
          + " 'none'";

  /** A request for a page, as the HTTP front hands it over. */
  record PageRequest(
      String method,
      String path,
      Map<String, String> query,
      Map<String, String> form,
      @Nullable String session,
      @Nullable String origin,
      @Nullable String host,
      boolean secure,
      String remote) {}

  /** How long a public page that reads much of the store is served from memory. */
  static final Duration CACHED_FOR = Duration.ofSeconds(30);

  private final SitePages site;
  private final AdminPages adminPages;
  private final AdminApi admin;
  private final KillSwitchControl killSwitches;
  private final ApprovalControl approvals;
  private final EvalStorage evaluations;
  private final Runnable switched;
  private final @Nullable ReceiptHandler receipts;
  private final @Nullable AtrsPages atrs;
  private final @Nullable AdminSession sessions;
  private final InstantSource clock;
  private final SignInThrottle throttle = new SignInThrottle();

  /** The benefits and ATRS pages, recomputed at most every {@link #CACHED_FOR}. */
  private final Cache<String, Served> cache =
      Caffeine.newBuilder().maximumSize(1_000).expireAfterWrite(CACHED_FOR).build();

  PageHandler(
      SitePages site,
      AdminPages adminPages,
      AdminApi admin,
      @Nullable String adminKey,
      KillSwitchControl killSwitches,
      ApprovalControl approvals,
      EvalStorage evaluations,
      Runnable switched,
      @Nullable ReceiptHandler receipts,
      @Nullable AtrsPages atrs,
      InstantSource clock) {
    this.site = site;
    this.adminPages = adminPages;
    this.admin = admin;
    this.killSwitches = killSwitches;
    this.approvals = approvals;
    this.evaluations = evaluations;
    this.switched = switched;
    this.receipts = receipts;
    this.atrs = atrs;
    this.sessions = adminKey == null ? null : AdminSession.create(adminKey);
    this.clock = clock;
  }

  /** Whether {@code path} is a page's (or an asset's) rather than the API's. */
  static boolean owns(String path) {
    return path.equals("/")
        || path.startsWith(Assets.PREFIX)
        || under(path, "/transparency")
        || under(path, "/atrs")
        || path.equals("/benefits")
        || under(path, "/admin");
  }

  private static boolean under(String path, String root) {
    return path.equals(root) || path.startsWith(root + "/") || path.startsWith(root + ".");
  }

  /** Parses a query string or an {@code application/x-www-form-urlencoded} body. */
  static Map<String, String> parameters(String encoded) {
    Map<String, String> out = new LinkedHashMap<>();
    new QueryStringDecoder(encoded, StandardCharsets.UTF_8, false)
        .parameters()
        .forEach((k, v) -> out.put(k, v.isEmpty() ? "" : v.getFirst()));
    return out;
  }

  /** Answers a page request; never fails: errors become error pages. */
  CompletionStage<Served> handle(PageRequest r) {
    CompletionStage<Served> answer;
    try {
      answer = route(r);
    } catch (RuntimeException e) {
      answer = CompletableFuture.failedFuture(e);
    }
    return answer.exceptionally(
        t -> {
          LOG.warn("page {} {} failed", r.method(), r.path(), Futures.unwrap(t));
          return error(500, "Sorry, there is a problem with the service", "Try again later.");
        });
  }

  private CompletionStage<Served> route(PageRequest r) {
    String path = r.path();
    boolean get = r.method().equals("GET") || r.method().equals("HEAD");
    if (path.startsWith(Assets.PREFIX)) {
      return done(get ? asset(path) : methodNotAllowed());
    }
    if (path.equals("/admin") || path.startsWith("/admin/")) {
      return admin(r, get);
    }
    if (!get) {
      return done(methodNotAllowed());
    }
    return switch (path) {
      case "/" -> offload(() -> publicPage("/", site.home()));
      case "/transparency" -> offload(() -> publicPage(path, site.transparency()));
      case "/transparency/receipt", "/transparency/receipt.json" ->
          receipt(r, path.endsWith(".json"));
      case "/benefits" -> cached(path, () -> publicPage(path, site.benefits()));
      default -> {
        AtrsPages a = atrs;
        if (a != null && under(path, "/atrs")) {
          yield cached(path, () -> a.serve(path).orElseGet(PageHandler::notFound));
        }
        yield done(notFound());
      }
    };
  }

  // ----------------------------------------------------------------------------- public

  private CompletionStage<Served> receipt(PageRequest r, boolean json) {
    String id = r.query().getOrDefault("request-id", "").trim();
    String salt = r.query().getOrDefault("salt", "").trim();
    ReceiptHandler handler = receipts;
    if (handler == null || id.isEmpty() || salt.isEmpty()) {
      return done(
          json ? notFound() : publicPage(400, "/transparency", site.receipt(id, salt, null)));
    }
    return handler
        .forSaltHolder(id, salt)
        .thenApply(
            found -> {
              if (json) {
                return found
                    .map(
                        receipt ->
                            new Served(
                                200,
                                "application/json",
                                Map.of(
                                    "Content-Disposition",
                                    "attachment; filename=\"receipt.json\"",
                                    "Cache-Control",
                                    "private, no-store"),
                                ReceiptCodec.encode(receipt)))
                    .orElseGet(PageHandler::notFound);
              }
              return publicPage(
                  found.isPresent() ? 200 : 404,
                  "/transparency",
                  site.receipt(id, salt, found.orElse(null)));
            });
  }

  // ----------------------------------------------------------------------------- admin

  private CompletionStage<Served> admin(PageRequest r, boolean get) {
    AdminSession s = sessions;
    if (s == null) {
      return done(
          error(
              403,
              "Admin pages are off",
              "This gateway's configuration sets no server.admin-key, so no one can sign in."));
    }
    String path = r.path();
    if (!get && !sameOrigin(r)) {
      return done(error(403, "Request refused", "The form was not sent from this site."));
    }
    if (path.equals("/admin/login")) {
      if (get) {
        return done(html(200, Frame.signIn(), adminPages.signIn(null), true));
      }
      Duration wait = throttle.wait(r.remote(), clock.instant());
      if (!wait.isZero()) {
        LOG.warn("admin pages: sign-in refused, too many wrong keys from one address");
        Served refused =
            error(
                429,
                "Too many attempts",
                "Too many wrong admin keys were tried from here. Try again later.");
        Map<String, String> headers = new HashMap<>(refused.headers());
        headers.put("Retry-After", String.valueOf(Math.max(1, wait.toSeconds())));
        return done(new Served(429, refused.contentType(), headers, refused.body()));
      }
      String key = r.form().getOrDefault("admin-key", "");
      if (!admin.isAdminKey(key)) {
        throttle.failed(r.remote(), clock.instant());
        LOG.info("admin pages: sign-in refused");
        return done(
            html(
                401,
                Frame.signIn(),
                adminPages.signIn(
                    key.isEmpty() ? "Enter the admin key" : "The admin key is not right"),
                true));
      }
      throttle.succeeded(r.remote());
      LOG.info("admin pages: signed in");
      return done(redirect("/admin", cookie(s.issue(clock.instant()), r.secure(), false)));
    }
    String session = s.verify(r.session(), clock.instant()).orElse(null);
    if (session == null) {
      return done(
          get ? redirect("/admin/login", null) : error(403, "Signed out", "Sign in again."));
    }
    String csrf = s.csrf(session);
    if (!get && !s.checkCsrf(session, r.form().get("csrf"))) {
      return done(
          error(403, "Request refused", "The form has expired or did not come from this site."));
    }
    Frame frame = Frame.adminPage(pageOf(path), csrf);
    if (get) {
      return offload(
          () ->
              switch (path) {
                case "/admin" ->
                    html(
                        200,
                        frame,
                        adminPages.overview(
                            approvals.list(true), killSwitches.recent(100), admin.keys()),
                        true);
                case "/admin/services" ->
                    adminPage(r, frame, adminPages.services(admin.keys(), Map.of(), Map.of()));
                case "/admin/models" ->
                    adminPage(
                        r, frame, adminPages.models(approvals.list(true), Map.of(), Map.of()));
                case "/admin/evaluations" ->
                    html(200, frame, adminPages.evaluations(evaluations.runs(100)), true);
                case "/admin/spend" -> html(200, frame, adminPages.spend(), true);
                case "/admin/policy" -> html(200, frame, adminPages.policy(), true);
                case "/admin/kill-switches" ->
                    adminPage(
                        r,
                        frame,
                        adminPages.killSwitches(killSwitches.recent(100), Map.of(), Map.of()));
                default -> notFound();
              });
    }
    Map<String, String> form = r.form();
    return offload(
        () -> {
          if (path.equals("/admin/logout")) {
            return redirect("/", cookie("", r.secure(), true));
          }
          if (path.equals("/admin/keys")) {
            return createKey(frame, form);
          }
          if (path.startsWith("/admin/keys/") && path.endsWith("/revoke")) {
            String id = path.substring("/admin/keys/".length(), path.length() - "/revoke".length());
            try {
              admin.revokeKey(id, "admin-web");
            } catch (StewardException e) {
              return error(404, "Key not found", "The key is unknown or already revoked.");
            }
            return redirect("/admin/services?done=key-revoked", null);
          }
          return switch (path) {
            case "/admin/approvals" -> grant(frame, form);
            case "/admin/approvals/revoke" -> revokeApproval(frame, form);
            case "/admin/kill-switches" -> engage(frame, form);
            case "/admin/kill-switches/lift" -> lift(frame, form);
            default -> notFound();
          };
        });
  }

  /** The admin page a form's path belongs to, for the navigation: keys are on services' page. */
  static String pageOf(String path) {
    if (path.startsWith("/admin/keys")) {
      return "/admin/services";
    }
    if (path.startsWith("/admin/approvals")) {
      return "/admin/models";
    }
    if (path.startsWith("/admin/kill-switches")) {
      return "/admin/kill-switches";
    }
    return path;
  }

  /** A GET admin page, with the banner of a change just made ({@code ?done=…}). */
  private Served adminPage(PageRequest r, Frame frame, Page page) {
    String done = r.query().get("done");
    String heading =
        done == null
            ? null
            : switch (done) {
              case "key-revoked" -> "Key revoked";
              case "approval-granted" -> "Approval granted";
              case "approval-revoked" -> "Approval revoked";
              case "switch-engaged" -> "Kill switch engaged";
              case "switch-lifted" -> "Kill switch lifted";
              default -> null;
            };
    return html(
        200,
        frame,
        heading == null
            ? page
            : page.withBanner(
                new Page.Banner(
                    heading, "The change is committed to the transparency log.", null, true)),
        true);
  }

  private Served createKey(Frame frame, Map<String, String> form) {
    Map<String, String> errors = new LinkedHashMap<>();
    String useCase = form.getOrDefault("use-case", "");
    String label = form.getOrDefault("label", "").strip();
    String[] parts = useCase.split("/", -1);
    if (parts.length != 3) {
      errors.put("use-case", "Choose a use case");
    }
    if (label.length() > 200) {
      errors.put("label", "Label must be 200 characters or fewer");
    }
    if (errors.isEmpty()) {
      try {
        NewApiKey created = admin.createKey(parts[0], parts[1], parts[2], label, "admin-web");
        return html(
            200,
            frame,
            adminPages
                .services(admin.keys(), Map.of(), Map.of())
                .withBanner(
                    new Page.Banner(
                        "Key created for " + useCase,
                        "Copy it now: it is shown only this once. Steward keeps only its hash.",
                        created.plaintext(),
                        true)),
            true);
      } catch (StewardException e) {
        errors.put("use-case", e.getMessage());
      }
    }
    return html(400, frame, adminPages.services(admin.keys(), form, errors), true);
  }

  private Served grant(Frame frame, Map<String, String> form) {
    Map<String, String> errors = new LinkedHashMap<>();
    String useCase = form.getOrDefault("use-case", "");
    String model = form.getOrDefault("model", "");
    String note = form.getOrDefault("note", "").strip();
    if (useCase.isEmpty()) {
      errors.put("use-case", "Choose a use case");
    }
    if (model.isEmpty()) {
      errors.put("model", "Choose a model");
    }
    if (note.isEmpty()) {
      errors.put("note", "Enter a note for the log");
    }
    if (errors.isEmpty()) {
      try {
        approvals.grant(useCase, model, null, "admin", note);
        switched.run();
        return redirect("/admin/models?done=approval-granted", null);
      } catch (StewardException e) {
        errors.put("use-case", e.getMessage());
      }
    }
    return html(400, frame, adminPages.models(approvals.list(true), form, errors), true);
  }

  private Served revokeApproval(Frame frame, Map<String, String> form) {
    Map<String, String> errors = new LinkedHashMap<>();
    String id = form.getOrDefault("approval", "");
    String note = form.getOrDefault("revoke-note", "").strip();
    if (id.isEmpty()) {
      errors.put("approval", "Choose an approval");
    }
    if (note.isEmpty()) {
      errors.put("revoke-note", "Enter a note for the log");
    }
    if (errors.isEmpty()) {
      try {
        if (approvals.revoke(id, "admin", note).isPresent()) {
          switched.run();
          return redirect("/admin/models?done=approval-revoked", null);
        }
        errors.put("approval", "That approval is unknown or already revoked");
      } catch (StewardException e) {
        errors.put("revoke-note", e.getMessage());
      }
    }
    return html(400, frame, adminPages.models(approvals.list(true), form, errors), true);
  }

  private Served engage(Frame frame, Map<String, String> form) {
    Map<String, String> errors = new LinkedHashMap<>();
    String scope = form.getOrDefault("scope", "");
    String target = form.getOrDefault("target", "").strip();
    String note = form.getOrDefault("note", "").strip();
    if (scope.isEmpty()) {
      errors.put("scope", "Choose what to stop");
    }
    if (target.isEmpty()) {
      errors.put("target", "Enter the target");
    }
    if (note.isEmpty()) {
      errors.put("note", "Enter an incident note");
    }
    if (errors.isEmpty()) {
      try {
        killSwitches.engage(scope, target, note, "admin", "admin-web");
        switched.run();
        LOG.warn("admin pages: kill switch engaged on {} {}", scope, target);
        return redirect("/admin/kill-switches?done=switch-engaged", null);
      } catch (StewardException e) {
        errors.put("target", e.getMessage());
      }
    }
    return html(400, frame, adminPages.killSwitches(killSwitches.recent(100), form, errors), true);
  }

  private Served lift(Frame frame, Map<String, String> form) {
    Map<String, String> errors = new LinkedHashMap<>();
    String id = form.getOrDefault("switch", "");
    String note = form.getOrDefault("lift-note", "").strip();
    if (id.isEmpty()) {
      errors.put("switch", "Choose a kill switch");
    }
    if (note.isEmpty()) {
      errors.put("lift-note", "Enter a note for the log");
    }
    if (errors.isEmpty()) {
      try {
        if (killSwitches.lift(id, note, "admin", "admin-web").isPresent()) {
          switched.run();
          return redirect("/admin/kill-switches?done=switch-lifted", null);
        }
        errors.put("switch", "That kill switch is unknown or already lifted");
      } catch (StewardException e) {
        errors.put("lift-note", e.getMessage());
      }
    }
    return html(400, frame, adminPages.killSwitches(killSwitches.recent(100), form, errors), true);
  }

  /**
   * Whether a post comes from this site: its {@code Origin}, when the browser sends one, names this
   * host. (The CSRF token is the main defence; this one also covers the sign-in form.)
   */
  private static boolean sameOrigin(PageRequest r) {
    String origin = r.origin();
    if (origin == null) {
      return true;
    }
    String host = r.host();
    return host != null && (origin.equals("http://" + host) || origin.equals("https://" + host));
  }

  // ----------------------------------------------------------------------------- answers

  private Served publicPage(String path, Page page) {
    return publicPage(200, path, page);
  }

  private Served publicPage(int status, String path, Page page) {
    return html(status, Frame.publicPage(path), page, false);
  }

  static Served html(int status, Frame frame, Page page, boolean privately) {
    Map<String, String> headers = new HashMap<>(securityHeaders());
    headers.put("Cache-Control", privately ? "no-store" : "no-cache");
    return new Served(
        status, HTML, headers, Pages.render(frame, page).getBytes(StandardCharsets.UTF_8));
  }

  static Map<String, String> securityHeaders() {
    return Map.of(
        "Content-Security-Policy", CSP,
        "X-Content-Type-Options", "nosniff",
        "Referrer-Policy", "same-origin",
        "X-Frame-Options", "DENY");
  }

  static Served notFound() {
    return error(404, "Page not found", "If you typed the web address, check it is correct.");
  }

  private static Served methodNotAllowed() {
    return error(405, "Not allowed", "This page cannot be sent a form.");
  }

  static Served error(int status, String title, String text) {
    return html(status, Frame.publicPage(""), Page.of(title, List.of()).withLead(text), true);
  }

  private static Served asset(String path) {
    Optional<Asset> found = Assets.find(path);
    if (found.isEmpty()) {
      return notFound();
    }
    Asset a = found.get();
    return new Served(
        200,
        a.contentType(),
        Map.of(
            "Cache-Control",
            a.immutable() ? "public, max-age=86400" : "public, max-age=300",
            "X-Content-Type-Options",
            "nosniff"),
        a.bytes());
  }

  private static Served redirect(String location, @Nullable String setCookie) {
    Map<String, String> headers = new HashMap<>();
    headers.put("Location", location);
    headers.put("Cache-Control", "no-store");
    if (setCookie != null) {
      headers.put("Set-Cookie", setCookie);
    }
    return new Served(303, "text/plain; charset=utf-8", headers, new byte[0]);
  }

  private static String cookie(String value, boolean secure, boolean clear) {
    return AdminSession.COOKIE
        + "="
        + value
        + "; Path=/admin; HttpOnly; SameSite=Strict"
        + (clear ? "; Max-Age=0" : "; Max-Age=" + AdminSession.LIFETIME.toSeconds())
        + (secure ? "; Secure" : "");
  }

  /** {@code page} from the cache, or computed off the event loop and cached when it is a 200. */
  private CompletionStage<Served> cached(String key, Supplier<Served> page) {
    Served hit = cache.getIfPresent(key);
    if (hit != null) {
      return done(hit);
    }
    return offload(page)
        .thenApply(
            s -> {
              if (s.status() == 200) {
                cache.put(key, s);
              }
              return s;
            });
  }

  private static CompletionStage<Served> done(Served s) {
    return CompletableFuture.completedFuture(s);
  }

  private static CompletionStage<Served> offload(Supplier<Served> work) {
    return Futures.offload(work);
  }
}
