package cn.onething.rules;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class FormReadsTest {
  @Test
  void theFieldsARuleNamesAreFound() {
    assertThat(FormReads.of("daysBetween(form.birth, ctx.today) <= 365 && form.method === 'branch'"))
        .containsExactly("birth", "method");
    assertThat(FormReads.of("form ?. a === 1 || form['b-c'] === \"x\" || form [ 'd' ] > 0")).containsExactly("a", "b-c", "d");
    assertThat(FormReads.of("ctx.form === 'x' || 'form' === ctx.region")).as("not the form itself").isEmpty();
    assertThat(FormReads.of("1 + 1 === 2")).isEmpty();
  }

  /** Anything else gets every field: the scan may over-supply a rule, never under-supply it. */
  @Test
  void aFormUsedAnyOtherWayGetsEveryField() {
    assertThat(FormReads.of("form[ctx.region] === 1")).isNull();
    assertThat(FormReads.of("isEmpty(form)")).isNull();
    assertThat(FormReads.of("JSON.stringify({...form})")).isNull();
    assertThat(FormReads.of("({form: 1}).form === 1")).isNull();
    assertThat(FormReads.of("\\u0066orm.secret === 1")).isNull();
    assertThat(FormReads.of("form.a /* form */ === 1")).isNull();
    assertThat(FormReads.of("`${form.a}` === '1'")).isNull();
    assertThat(FormReads.of("form.名字 === 1")).isNull();
    assertThat(FormReads.of("form['a")).isNull();
    assertThat(FormReads.of("Object.keys(ctx).length > 0")).isNull();
  }

  /** A rule that may write gets every field, frozen: writes to the form fail as before. */
  @Test
  void aRuleThatMayWriteGetsEveryField() {
    assertThat(FormReads.of("(function(){ form.x = 'changed'; return true; })()")).isNull();
    assertThat(FormReads.of("(function(){ delete form.x; return true; })()")).isNull();
    assertThat(FormReads.of("form.n++ > 0")).isNull();
    assertThat(FormReads.of("(form.n >>= 1) === 0")).isNull();
    assertThat(FormReads.of("(form.n ??= 1) === 1")).isNull();
    assertThat(FormReads.of("Object.assign(arguments[0].f, {x: 1}) !== null")).isNull();
    assertThat(FormReads.of("form.a == 1 && form.b != 2 && form.c <= 3 && form.d >= 4 && form.e === 'x=y'"))
        .containsExactly("a", "b", "c", "d", "e");
  }
}
