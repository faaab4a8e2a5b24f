package cn.onething.rules;

import cn.onething.calendar.WorkingCalendar;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.TimeoutException;
import java.io.OutputStream;
import org.graalvm.polyglot.Context;
import org.graalvm.polyglot.SandboxPolicy;
import org.graalvm.polyglot.EnvironmentAccess;
import org.graalvm.polyglot.HostAccess;
import org.graalvm.polyglot.PolyglotAccess;
import org.graalvm.polyglot.PolyglotException;
import org.graalvm.polyglot.ResourceLimits;
import org.graalvm.polyglot.Source;
import org.graalvm.polyglot.Value;
import org.graalvm.polyglot.io.IOAccess;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * 规则沙箱 — evaluates rule expressions in GraalJS, as the authority on what a submission may
 * contain. One engine is shared; each thread that evaluates keeps one context (a context is
 * single-threaded), with the whitelisted functions defined once; each expression is compiled once
 * per context into a function of {@code {f: form, c: ctx}} that answers {@code !!(expression)} and kept. Each rule gets guest
 * copies of its own of the form fields it names ({@link FormReads}) and of the context, so that a
 * rule that writes to them changes nothing another rule sees; nested values stay read-only views
 * of the host's ({@link ReadOnlyJson}).
 *
 * <p>The context has no host access, no class lookup, no I/O, no threads, no environment and no
 * polyglot access, and the {@code Java}, {@code Polyglot}, {@code Graal}, {@code load} and
 * {@code print} globals are off. Every evaluation runs under a statement limit and a time limit:
 * a watchdog interrupts the context when the time is up, so {@code while(true){}} or a deep
 * recursion fails that evaluation with a clear error and the thread is free again. Call it from
 * worker threads, never from an event loop.
 */
public final class RuleSandbox {
  private static final Logger LOG = LoggerFactory.getLogger(RuleSandbox.class);
  /** Enough for any expression the checker lets through, by orders of magnitude. */
  static final long STATEMENT_LIMIT = 20_000;
  /** Generous for a cold context on a busy machine (the first evaluations are slow), tight for a hostile loop. */
  public static final Duration DEFAULT_TIME_LIMIT = Duration.ofMillis(1000);
  private static final int MAX_FUNCTIONS_PER_CONTEXT = 5_000;
  private static final int MAX_RECORD_SHAPES = 500;

  /** The function library, the same as the browser's ({@code rules.js}); dates are YYYY-MM-DD strings. */
  static final String LIBRARY = """
      (function (g) {
        'use strict';
        function day(s) {
          if (typeof s !== 'string' || !/^\\d{4}-\\d{2}-\\d{2}$/.test(s)) return NaN;
          return Date.UTC(+s.slice(0, 4), +s.slice(5, 7) - 1, +s.slice(8, 10)) / 86400000;
        }
        var lib = {
          isEmpty: function (x) { return x === null || x === undefined || x === '' || (isList(x) && x.length === 0); },
          len: function (x) { return (typeof x === 'string' || isList(x)) ? x.length : 0; },
          daysBetween: function (a, b) { var d = day(b) - day(a); return isNaN(d) ? null : d; },
          ageOn: function (birth, on) {
            if (isNaN(day(birth)) || isNaN(day(on))) return null;
            var age = +on.slice(0, 4) - +birth.slice(0, 4);
            return on.slice(5) < birth.slice(5) ? age - 1 : age;
          },
          includes: function (list, x) { return isList(list) && Array.prototype.indexOf.call(list, x) >= 0; },
          startsWith: function (text, prefix) {
            return typeof text === 'string' && typeof prefix === 'string' && text.slice(0, prefix.length) === prefix;
          },
          min: function (a, b) { return a === null || a === undefined ? b : (b === null || b === undefined ? a : (a < b ? a : b)); },
          max: function (a, b) { return a === null || a === undefined ? b : (b === null || b === undefined ? a : (a > b ? a : b)); },
          genderOf: function (id) {
            if (!validId(id)) return null;
            return (+id.charAt(16)) % 2 === 1 ? '1' : '2';
          },
          birthDateOf: function (id) {
            if (!validId(id)) return null;
            var d = id.slice(6, 10) + '-' + id.slice(10, 12) + '-' + id.slice(12, 14);
            return isNaN(day(d)) ? null : d;
          },
          workingDaysBetween: function (a, b) {
            var from = day(a), to = day(b);
            if (isNaN(from) || isNaN(to)) return null;
            var sign = to < from ? -1 : 1, lo = Math.min(from, to), hi = Math.max(from, to), n = 0;
            if (hi - lo > 3660) return null;
            // Weekdays by arithmetic, then the calendar's exceptions: a few hundred statements for ten years, not tens of thousands.
            var weeks = Math.floor((hi - lo) / 7), i;
            n = weeks * 5;
            for (var d = lo + 1 + weeks * 7; d <= hi; d++) { if (weekday(d)) n++; }
            for (i = 0; i < holidayList.length; i++) {
              if (holidayList[i] > lo && holidayList[i] <= hi && !workdays[holidayList[i]] && weekday(holidayList[i])) n--;
            }
            for (i = 0; i < workdayList.length; i++) {
              if (workdayList[i] > lo && workdayList[i] <= hi && !weekday(workdayList[i])) n++;
            }
            return sign * n;
          }
        };
        function isList(x) { return Array.isArray(x) || (typeof x === 'object' && x !== null && typeof x.length === 'number' && !(x instanceof Object)); }
        function validId(id) { return typeof id === 'string' && /^[0-9]{17}[0-9X]$/.test(id); }
        var calendar = JSON.parse(g.__calendar || '{"years":{}}').years, holidays = {}, workdays = {};
        Object.keys(calendar).forEach(function (y) {
          calendar[y].holidays.forEach(function (d) { holidays[day(d)] = true; });
          calendar[y].workdays.forEach(function (d) { workdays[day(d)] = true; });
        });
        var holidayList = Object.keys(holidays).map(Number), workdayList = Object.keys(workdays).map(Number);
        // 1970-01-01, day 0, was a Thursday.
        function weekday(n) { var w = ((n + 4) % 7 + 7) % 7; return w !== 0 && w !== 6; }
        delete g.__calendar;
        Object.keys(lib).forEach(function (name) {
          Object.defineProperty(g, name, { value: Object.freeze(lib[name]), writable: false, configurable: false });
        });
        g.__parse = JSON.parse;
      })(this);
      """;

  /**
   * Lockdown, run once per context after the library: a context serves many rules of many
   * tenants, so no rule may leave anything behind for the next one (a patched
   * {@code Array.prototype.indexOf}, a polluted {@code Object.prototype}) and none may make code
   * from strings. {@code eval}, {@code Function} and the host and shell globals go, the
   * constructors of every function kind throw, and every built-in and its prototype is frozen, as
   * is the global object.
   */
  static final String LOCKDOWN = """
      (function (g) {
        'use strict';
        var refuse = function () { throw new TypeError('规则中不允许动态生成代码'); };
        [function () {}, function* () {}, async function () {}, async function* () {}].forEach(function (f) {
          Object.defineProperty(Object.getPrototypeOf(f), 'constructor', { value: refuse, writable: false, configurable: false });
        });
        // Whatever a host or shell global this GraalJS still defines (most are already off and
        // unusable without host access, but a rule has no business seeing them).
        ['eval', 'Function', 'Java', 'Packages', 'java', 'javax', 'com', 'org', 'edu', 'net', 'Polyglot', 'Graal',
          'load', 'loadWithNewGlobal', 'print', 'printErr', 'console', 'quit', 'exit', 'read', 'readFile', 'readline',
          'readbuffer', 'Debug', 'Realm', 'SharedArrayBuffer', 'Atomics', 'WebAssembly'].forEach(function (name) {
          delete g[name];
        });
        // Size limits on the built-ins that loop inside the engine, where the watchdog cannot stop
        // them until they return (one JSON.stringify of ten million strings runs for seconds): a
        // rule has no business with a hundred thousand items or a million characters.
        var MAX_ITEMS = 100000, MAX_CHARS = 1000000;
        var tooBig = function () { throw new RangeError('规则中的数据过大（超过 ' + MAX_ITEMS + ' 项或 ' + MAX_CHARS + ' 个字符）'); };
        var guard = function (owner, name, check) {
          var original = owner[name];
          Object.defineProperty(owner, name, { value: function () {
            if (check(this, arguments)) tooBig();
            return original.apply(this, arguments);
          }, writable: false, configurable: false });
        };
        var longList = function (self) { return self !== null && self !== undefined && +self.length > MAX_ITEMS; };
        ['fill', 'map', 'forEach', 'filter', 'reduce', 'reduceRight', 'some', 'every', 'find', 'findIndex', 'findLast',
          'findLastIndex', 'indexOf', 'lastIndexOf', 'includes', 'join', 'sort', 'reverse', 'flat', 'flatMap', 'slice',
          'concat', 'copyWithin', 'toString', 'toLocaleString', 'splice', 'toSorted', 'toReversed', 'toSpliced', 'with',
          'push', 'unshift', 'at', 'keys', 'values', 'entries'].forEach(function (name) {
          if (typeof Array.prototype[name] === 'function') guard(Array.prototype, name, longList);
        });
        guard(Array, 'from', function (self, args) { return args[0] !== null && args[0] !== undefined && +args[0].length > MAX_ITEMS; });
        guard(Array, 'of', function (self, args) { return args.length > MAX_ITEMS; });
        guard(String.prototype, 'repeat', function (self, args) { return String(self).length * +args[0] > MAX_CHARS; });
        guard(String.prototype, 'padStart', function (self, args) { return +args[0] > MAX_CHARS; });
        guard(String.prototype, 'padEnd', function (self, args) { return +args[0] > MAX_CHARS; });
        guard(JSON, 'stringify', function (self, args) { return longList(args[0]); });
        var seen = new Set();
        function freeze(o) {
          if (o === null || (typeof o !== 'object' && typeof o !== 'function') || seen.has(o)) return;
          seen.add(o);
          Object.freeze(o);
          Reflect.ownKeys(o).forEach(function (k) {
            var d = Object.getOwnPropertyDescriptor(o, k);
            if (d && 'value' in d) freeze(d.value);
            if (d && d.get) freeze(d.get);
            if (d && d.set) freeze(d.set);
          });
          freeze(Object.getPrototypeOf(o));
        }
        Reflect.ownKeys(g).forEach(function (k) {
          var d = Object.getOwnPropertyDescriptor(g, k);
          if (d && 'value' in d) freeze(d.value);
        });
        freeze(refuse);
        Object.freeze(g);
      })(this);
      """;

  /**
   * Whether rules run compiled: the JVM was started with the Graal compiler for this JDK (as
   * {@code ./onething} does when they match), so GraalJS compiles hot rules to machine code.
   * Otherwise it interprets them, with the same results, several times slower.
   */
  public static boolean compiled() {
    return !"Interpreted".equals(ENGINE.getImplementationName());
  }

  /** The function library's source, for benchmarks that run it in another engine. */
  public static String library() {
    return LIBRARY;
  }

  /** One rule's result: a boolean, or why it could not be had. */
  public record Outcome(boolean value, String error) {
    static Outcome of(boolean value) {
      return new Outcome(value, null);
    }

    public boolean failed() {
      return error != null;
    }
  }

  /** Raised for the whole batch when a limit stopped it, or when it holds a quarantined rule. */
  public static final class RuleTimeoutException extends RuntimeException {
    private final transient String expression;

    RuleTimeoutException(String message, String expression) {
      super(message, null, false, false);
      this.expression = expression;
    }

    /** The rule that was running when the limit struck, or the quarantined one. */
    public String expression() {
      return expression;
    }
  }

  /**
   * The strictest policy GraalJS supports here: {@code CONSTRAINED}. {@code ISOLATED} and
   * {@code UNTRUSTED} need the polyglot isolate artifacts, which are not in this build
   * ({@code SandboxPolicyTest} checks both facts, so an upgrade that changes them is noticed).
   */
  static final SandboxPolicy POLICY = SandboxPolicy.CONSTRAINED;
  /** Nothing of the host is reachable, and (as CONSTRAINED demands) no mutable mapping of host values either. */
  private static final HostAccess NO_HOST_ACCESS = HostAccess.newBuilder().allowMutableTargetMappings().build();
  private static final org.graalvm.polyglot.Engine ENGINE = org.graalvm.polyglot.Engine.newBuilder("js")
      .sandbox(POLICY)
      .out(OutputStream.nullOutputStream())
      .err(OutputStream.nullOutputStream())
      .option("engine.WarnInterpreterOnly", "false")
      .build();
  private static final Source LIBRARY_SOURCE = Source.create("js", LIBRARY);
  /**
   * Named, so that the statement limit can leave it out: freezing every built-in once per context
   * runs more statements than any rule may, and its size-guard wrappers are constant work per call
   * (the call itself is a statement of the rule).
   */
  private static final Source LOCKDOWN_SOURCE = Source.newBuilder("js", LOCKDOWN, "onething-lockdown.js").buildLiteral();
  private static final java.lang.management.ThreadMXBean THREADS = java.lang.management.ManagementFactory.getThreadMXBean();
  private static final Watchdog WATCHDOG = new Watchdog("onething-rule-watchdog");

  private final Duration timeLimit;
  private final ThreadLocal<Sandbox> sandboxes = ThreadLocal.withInitial(Sandbox::new);

  public RuleSandbox(Duration timeLimit) {
    this.timeLimit = timeLimit;
  }

  public RuleSandbox() {
    this(DEFAULT_TIME_LIMIT);
  }

  /**
   * Evaluates expressions against one form and context. A rule that throws (a guest error, the
   * statement limit) gets its own error; running out of time ends the whole batch with
   * {@link RuleTimeoutException}, since whatever ran that long is hostile.
   */
  public Map<String, Outcome> evaluate(Map<String, String> expressions, JsonObject form, JsonObject ctx) {
    for (String expression : expressions.values()) {
      if (quarantine.holds(expression)) {
        figures.refused.increment();
        throw new RuleTimeoutException("规则此前多次超出执行时限或执行过慢，已暂停执行（" + Quarantine.LENGTH.toMinutes()
            + " 分钟后恢复）", expression);
      }
    }
    long started = System.nanoTime();
    try {
      Map<String, Outcome> out = evaluateTimed(expressions, form, ctx);
      out.values().forEach(o -> {
        if (o.failed()) {
          figures.errors.increment();
        }
      });
      return out;
    } catch (RuleTimeoutException e) {
      figures.timeouts.increment();
      if (quarantine.strike(e.expression())) {
        LOG.error("规则两次超出执行时限，暂停执行 {} 分钟：{}", Quarantine.LENGTH.toMinutes(), e.expression());
      }
      throw e;
    } finally {
      figures.batches.increment();
      figures.rules.add(expressions.size());
      figures.nanos.add(System.nanoTime() - started);
    }
  }

  /**
   * What the sandbox has done since start, for the metrics endpoint: batches and rules evaluated,
   * time spent, rules that failed (a guest error or a rule that does not compile) and batches
   * stopped by a limit.
   */
  public static final class Figures {
    final java.util.concurrent.atomic.LongAdder batches = new java.util.concurrent.atomic.LongAdder();
    final java.util.concurrent.atomic.LongAdder rules = new java.util.concurrent.atomic.LongAdder();
    final java.util.concurrent.atomic.LongAdder nanos = new java.util.concurrent.atomic.LongAdder();
    final java.util.concurrent.atomic.LongAdder errors = new java.util.concurrent.atomic.LongAdder();
    final java.util.concurrent.atomic.LongAdder timeouts = new java.util.concurrent.atomic.LongAdder();
    final java.util.concurrent.atomic.LongAdder refused = new java.util.concurrent.atomic.LongAdder();
    final java.util.concurrent.atomic.LongAdder slow = new java.util.concurrent.atomic.LongAdder();

    public long batches() {
      return batches.sum();
    }

    public long rules() {
      return rules.sum();
    }

    public double seconds() {
      return nanos.sum() / 1e9;
    }

    public long errors() {
      return errors.sum();
    }

    public long timeouts() {
      return timeouts.sum();
    }

    /** Rules that took more than 20 ms of processor time (five in ten minutes quarantine a rule). */
    public long slow() {
      return slow.sum();
    }

    /** Batches refused at once because they hold a quarantined rule. */
    public long refused() {
      return refused.sum();
    }
  }

  private final Figures figures = new Figures();
  private final Quarantine quarantine = new Quarantine();
  /** Rules seen slow by the clock, whose processor time is measured from then on. */
  private final java.util.Set<String> suspects = java.util.concurrent.ConcurrentHashMap.newKeySet();

  public Figures figures() {
    return figures;
  }

  /**
   * This thread's context. Making one right after another was cancelled can fail once in a while
   * (the cancellation of the old context still reaching this thread): then it is made again.
   */
  private Sandbox sandbox() {
    try {
      return sandboxes.get();
    } catch (PolyglotException e) {
      LOG.warn("规则上下文创建失败，重试一次：{} (interrupted={}, cancelled={})", e.getMessage(), e.isInterrupted(),
          e.isCancelled());
      sandboxes.remove();
      return sandboxes.get();
    }
  }

  private Map<String, Outcome> evaluateTimed(Map<String, String> expressions, JsonObject form, JsonObject ctx) {
    String running = null;
    Sandbox sandbox = sandbox();
    long cpuStart = suspects.isEmpty() || expressions.values().stream().noneMatch(suspects::contains) ? -1
        : THREADS.getCurrentThreadCpuTime();
    Map<String, Outcome> out = new LinkedHashMap<>();
    Context context = sandbox.context;
    Compiled[] compiled = new Compiled[expressions.size()];
    sandbox.begin(timeLimit.toNanos());
    try {
      int i = 0;
      for (Map.Entry<String, String> e : expressions.entrySet()) {
        running = e.getValue();
        try {
          compiled[i] = sandbox.function(e.getValue());
          out.put(e.getKey(), null);  // its place in the order asked; the outcome comes below
        } catch (IllegalArgumentException ex) {
          out.put(e.getKey(), new Outcome(false, "规则无法编译：" + ex.getMessage()));
        }
        i++;
      }
      i = 0;
      // Each rule gets its own copy of what it reads, so that none can change what another sees.
      for (Map.Entry<String, String> e : expressions.entrySet()) {
        Compiled rule = compiled[i++];
        if (rule == null) {
          continue;
        }
        running = e.getValue();
        context.resetLimits();
        try {
          long t0 = System.nanoTime();
          Value result = sandbox.call(rule, form, ctx);
          out.put(e.getKey(), Outcome.of(result.asBoolean()));
          if (System.nanoTime() - t0 > Quarantine.SLOW.toNanos()) {
            slowByTheClock(running, cpuStart);
          } else if (cpuStart >= 0) {
            suspects.remove(running);  // fast again: what made it slow (a cold start, a pause) has passed
          }
        } catch (PolyglotException ex) {
          if (ex.isInterrupted() || ex.isCancelled() || ex.isResourceExhausted()) {
            throw ex;
          }
          out.put(e.getKey(), new Outcome(false, "规则执行出错：" + ex.getMessage()));
        }
      }
      return out;
    } catch (PolyglotException ex) {
      if (ex.isCancelled() || ex.isResourceExhausted()) {
        sandboxes.remove();  // a cancelled context cannot be used again
        sandbox.close();
        throw new RuleTimeoutException("规则执行超出语句上限，已中止", running);
      }
      if (ex.isInterrupted()) {
        throw new RuleTimeoutException("规则执行超时（超过 " + timeLimit.toMillis() + " 毫秒），已中止", running);
      }
      throw ex;
    } finally {
      sandbox.end();
    }
  }

  /**
   * A rule took longer than {@link Quarantine#SLOW} by the clock. Reading a thread's processor
   * time costs more than a whole rule (a system call, about 0.7 µs here), so it is read only for
   * batches that hold a rule already seen slow by the clock: the first such run makes the rule a
   * suspect, and from then on its runs count as slow when their processor time, read since the
   * batch began, says so; a suspect that runs fast again is cleared. A pause of the whole process
   * (a garbage collection, a busy machine, a cold start) therefore never counts.
   */
  private void slowByTheClock(String expression, long cpuStart) {
    if (cpuStart < 0) {
      if (suspects.size() >= Quarantine.MAX_RULES) {
        suspects.clear();
      }
      suspects.add(expression);
      return;
    }
    if (THREADS.getCurrentThreadCpuTime() - cpuStart > Quarantine.SLOW.toNanos()) {
      figures.slow.increment();
      if (quarantine.slow(expression)) {
        LOG.error("规则多次执行过慢（超过 {} 毫秒处理器时间），暂停执行 {} 分钟：{}", Quarantine.SLOW.toMillis(),
            Quarantine.LENGTH.toMinutes(), expression);
      }
    }
  }

  /** A rule compiled into a function, and the form members it reads ({@code null}: any). */
  private record Compiled(Value function, java.util.List<String> reads) {}

  /** Evaluates one expression; a convenience for tests and single checks. */
  public Outcome evaluate(String expression, JsonObject form, JsonObject ctx) {
    return evaluate(Map.of("rule", expression), form, ctx).get("rule");
  }

  /** One thread's context and its compiled functions. */
  private static final class Sandbox implements Watchdog.Watched {
    final Context context;
    // Only this sandbox's thread uses them: no locks.
    final Map<String, Compiled> functions = new LinkedHashMap<>(64, 0.75f, true) {
      @Override
      protected boolean removeEldestEntry(Map.Entry<String, Compiled> eldest) {
        return size() > MAX_FUNCTIONS_PER_CONTEXT;
      }
    };
    /** Per list of member names, a function that makes the rule's arguments of its own and calls it. */
    private final Map<java.util.List<String>, Value> callers = makers();
    private final Map<java.util.List<String>, Value> frozenCallers = makers();
    private final Object lock = new Object();
    /** When the running evaluation is to be stopped ({@link System#nanoTime}), 0 when none runs. */
    private volatile long deadline;
    private boolean interrupting;

    Sandbox() {
      context = Context.newBuilder("js")
          .engine(ENGINE)
          .sandbox(POLICY)
          .out(OutputStream.nullOutputStream())
          .err(OutputStream.nullOutputStream())
          .allowHostAccess(NO_HOST_ACCESS)
          .allowHostClassLookup(name -> false)
          .allowIO(IOAccess.NONE)
          .allowCreateThread(false)
          .allowCreateProcess(false)
          .allowNativeAccess(false)
          .allowPolyglotAccess(PolyglotAccess.NONE)
          .allowEnvironmentAccess(EnvironmentAccess.NONE)
          // CONSTRAINED itself leaves out Polyglot, Java, Graal, load, print and console (and refuses
          // the options that would bring them back); RuleSandboxTest checks each is absent.
          .resourceLimits(ResourceLimits.newBuilder()
              .statementLimit(STATEMENT_LIMIT, source -> !source.getName().equals(LOCKDOWN_SOURCE.getName())).build())
          .build();
      // The one GraalJS global CONSTRAINED keeps (version information only), removed all the same.
      context.eval("js", "delete globalThis.Graal;");
      context.getBindings("js").putMember("__calendar", WorkingCalendar.china().json());
      context.eval(LIBRARY_SOURCE);
      context.eval(LOCKDOWN_SOURCE);
      context.resetLimits();
      WATCHDOG.add(this);
    }

    /**
     * Calls a rule on guest copies of the form fields it reads ({@link FormReads}) and of the
     * context, made by a function compiled once per list of names that builds them as object
     * literals (the same shapes every time, which the engine handles fastest) and calls the rule.
     * One call into the guest per rule; nested values stay read-only views of the host's.
     */
    Value call(Compiled rule, JsonObject form, JsonObject ctx) {
      java.util.Collection<String> formNames = rule.reads() == null ? form.fieldNames() : rule.reads();
      java.util.List<String> keys = new java.util.ArrayList<>(formNames.size() + 1 + ctx.size());
      Object[] values = new Object[1 + formNames.size() + ctx.size()];
      values[0] = rule.function();
      int formCount = members(form, formNames, keys, values, 1);
      keys.add(null);  // where the form's names end and the context's begin
      members(ctx, ctx.fieldNames(), keys, values, 1 + formCount);
      // A rule that may write, or read the form any other way, gets every field, frozen.
      boolean frozen = rule.reads() == null;
      Map<java.util.List<String>, Value> makers = frozen ? frozenCallers : callers;
      Value maker = makers.get(keys);
      if (maker == null) {
        StringBuilder js = new StringBuilder("(function (rule");
        for (int i = 0; i < keys.size() - 1; i++) {
          js.append(", v").append(i);
        }
        js.append(") { 'use strict'; return rule({f: ").append(literal(keys.subList(0, formCount), 0, frozen))
            .append(", c: ").append(literal(keys.subList(formCount + 1, keys.size()), formCount, frozen)).append("}); })");
        maker = context.eval(Source.create("js", js.toString()));
        makers.put(java.util.Collections.unmodifiableList(keys), maker);
      }
      int count = keys.size();  // the rule and every value
      return maker.execute(count == values.length ? values : java.util.Arrays.copyOf(values, count));
    }

    /** Adds the named members {@code json} has to {@code keys}, their values to {@code values} from {@code at}; how many. */
    private static int members(JsonObject json, java.util.Collection<String> names, java.util.List<String> keys,
        Object[] values, int at) {
      int added = 0;
      for (String name : names) {
        Object value = json.getValue(name);
        if ((value != null || json.containsKey(name)) && !"__proto__".equals(name)) {
          values[at + added] = ReadOnlyJson.of(value);
          keys.add(name);
          added++;
        }
      }
      return added;
    }

    /**
     * {@code {__proto__: null, "k": v<first>, …}}, frozen or not. Without a prototype, a field the
     * form does not have reads as {@code undefined} even when it is named like a member of
     * {@code Object.prototype} ({@code toString}, {@code valueOf}), as the host's views and the
     * browser's own-property reads answer. A JSON string is a JavaScript string literal, so any
     * name is quoted safely ({@code __proto__} itself never comes here). Freezing costs more than
     * the rest of a rule's call, so only rules that may write pay for it; the others' copies are
     * theirs alone anyway.
     */
    private static String literal(java.util.List<String> names, int first, boolean frozen) {
      StringBuilder js = new StringBuilder(frozen ? "Object.freeze({__proto__: null" : "{__proto__: null");
      for (int i = 0; i < names.size(); i++) {
        js.append(", ").append(io.vertx.core.json.Json.encode(names.get(i))).append(": v").append(first + i);
      }
      return js.append(frozen ? "})" : "}").toString();
    }

    private static Map<java.util.List<String>, Value> makers() {
      return new LinkedHashMap<>(16, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<java.util.List<String>, Value> eldest) {
          return size() > MAX_RECORD_SHAPES;
        }
      };
    }

    Compiled function(String expression) {
      Compiled f = functions.get(expression);
      if (f == null) {
        try {
          // A rule answers now: a promise (from import() or an async function) is an error, not "true".
          f = new Compiled(context.eval(Source.create("js", "(function (a) { 'use strict'; var form = a.f, ctx = a.c; var r = (\n"
              + expression + "\n); if (r !== null && typeof r === 'object' && typeof r.then === 'function') {"
              + " throw new TypeError('规则不能返回异步结果'); } return !!r; })")), FormReads.of(expression));
        } catch (PolyglotException e) {
          throw new IllegalArgumentException(e.getMessage());
        }
        functions.put(expression, f);
      }
      return f;
    }

    void begin(long limitNanos) {
      deadline = System.nanoTime() + limitNanos | 1;  // never 0, which means idle
      WATCHDOG.started();
    }

    @Override
    public long deadline() {
      return deadline;
    }

    /** The watchdog: interrupts the running evaluation if it is still running and late. */
    @Override
    public void stopIfLate(long now) {
      synchronized (lock) {
        long d = deadline;
        if (d == 0 || now - d < 0) {
          return;
        }
        interrupting = true;
      }
      try {
        context.interrupt(Duration.ofSeconds(2));
      } catch (TimeoutException | RuntimeException e) {
        LOG.warn("规则执行未能在 2 秒内中断：{}", e.toString());
      } finally {
        synchronized (lock) {
          interrupting = false;
          lock.notifyAll();
        }
      }
    }

    /** Ends an evaluation; waits for a racing interrupt so that it cannot hit the next one. */
    void end() {
      synchronized (lock) {
        deadline = 0;
        while (interrupting) {
          try {
            lock.wait();
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return;
          }
        }
      }
    }

    void close() {
      WATCHDOG.remove(this);
      try {
        context.close(true);
      } catch (RuntimeException e) {
        LOG.debug("closing a rule context", e);
      }
    }
  }
}
