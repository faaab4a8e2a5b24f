package cn.onething.simulator.data;

import java.time.LocalDate;

/**
 * 市场主体 — an entity in the market-entity register.
 *
 * @param type              an {@code enterprise.type} code such as {@code llc}
 * @param registeredCapital in 万元 (ten thousand yuan), as the {@code enterprise.registeredCapital} element says
 * @param status            登记状态, e.g. 存续
 */
public record Enterprise(String uscc, String name, String type, String address, String regionCode,
                         double registeredCapital, String businessScope, LocalDate establishDate, String status,
                         String legalRepresentativeId, String legalRepresentativeName, String industry) {
}
