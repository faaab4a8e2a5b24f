package cn.onething.pages;

import freemarker.core.HTMLOutputFormat;
import freemarker.core.TemplateClassResolver;
import freemarker.template.Configuration;
import freemarker.template.Template;
import freemarker.template.TemplateException;
import freemarker.template.TemplateExceptionHandler;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.util.Locale;
import java.util.Map;

/**
 * 页面模板 — FreeMarker for the citizen pages: {@code .ftlh} templates from the class path with
 * HTML auto-escaping (nothing a citizen or a province typed can become markup), no {@code ?new}
 * or {@code ?api}, errors raised rather than printed into the page, templates cached.
 */
public final class PageTemplates {
  private final Configuration config;

  public PageTemplates() {
    config = new Configuration(Configuration.VERSION_2_3_34);
    config.setClassLoaderForTemplateLoading(PageTemplates.class.getClassLoader(), "pages");
    config.setDefaultEncoding("UTF-8");
    config.setOutputFormat(HTMLOutputFormat.INSTANCE);
    config.setRecognizeStandardFileExtensions(true);
    config.setLocale(Locale.CHINA);
    config.setTemplateExceptionHandler(TemplateExceptionHandler.RETHROW_HANDLER);
    config.setLogTemplateExceptions(false);
    config.setWrapUncheckedExceptions(true);
    config.setFallbackOnNullLoopVariable(false);
    config.setNewBuiltinClassResolver(TemplateClassResolver.ALLOWS_NOTHING_RESOLVER);
    config.setAPIBuiltinEnabled(false);
    config.setNumberFormat("computer");
  }

  /** Renders {@code name} (e.g. {@code guide.ftlh}) with the model. */
  public String render(String name, Map<String, Object> model) {
    try {
      Template template = config.getTemplate(name);
      StringWriter out = new StringWriter(8192);
      template.process(model, out);
      return out.toString();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (TemplateException e) {
      throw new IllegalStateException("页面模板 " + name + " 出错：" + e.getMessage(), e);
    }
  }
}
