package cn.onething.apply;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class ShortMemoryTest {
  @Test
  void remembersForItsLifetimeOnly() {
    ShortMemory<String, String> lasting = new ShortMemory<>(10, Duration.ofHours(1));
    lasting.put("citizen-lina", "李娜");
    assertThat(lasting.get("citizen-lina")).isEqualTo("李娜");
    assertThat(lasting.get("citizen-chenjie")).isNull();
    lasting.forget("citizen-lina");
    assertThat(lasting.get("citizen-lina")).isNull();

    ShortMemory<String, String> momentary = new ShortMemory<>(10, Duration.ZERO);
    momentary.put("citizen-lina", "李娜");
    assertThat(momentary.get("citizen-lina")).as("past its lifetime an entry is gone").isNull();
    assertThat(momentary.size()).isZero();
  }

  @Test
  void startsAfreshWhenFull() {
    ShortMemory<Integer, Integer> memory = new ShortMemory<>(3, Duration.ofHours(1));
    for (int i = 0; i < 3; i++) {
      memory.put(i, i);
    }
    assertThat(memory.size()).isEqualTo(3);
    memory.put(3, 3);
    assertThat(memory.size()).isOne();
    assertThat(memory.get(0)).isNull();
    assertThat(memory.get(3)).isEqualTo(3);
  }
}
