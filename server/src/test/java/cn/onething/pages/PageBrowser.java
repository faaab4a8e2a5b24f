package cn.onething.pages;

import java.net.http.HttpResponse;
import java.util.Map;

/** The form-filling test browser, for tests outside this package. */
public final class PageBrowser {
  private final Browser browser;

  public PageBrowser(String base) {
    this.browser = new Browser(base);
  }

  public void login(String user, String next) {
    browser.login(user, next);
  }

  public HttpResponse<String> get(String path) {
    return browser.get(path);
  }

  public HttpResponse<String> postForm(String path, Map<String, String> fields) {
    return browser.postForm(path, fields);
  }

  public String csrf() {
    return browser.csrf;
  }
}
