package cn.onething.simulator.data;

/** 欠税 — what a taxpayer owes: unpaid tax in yuan and returns not filed. */
public record TaxArrears(double unpaidTax, int unfiledReturns) {
}
