package cn.onething.catalogue;

/** publisher/slug — a template's identity across its versions. */
public record TemplateRef(String publisher, String slug) {
  public static TemplateRef parse(String text) {
    int slash = text.indexOf('/');
    return new TemplateRef(text.substring(0, slash), text.substring(slash + 1));
  }

  @Override
  public String toString() {
    return publisher + "/" + slug;
  }
}
