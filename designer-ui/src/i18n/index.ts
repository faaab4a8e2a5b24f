import { createI18n } from 'vue-i18n'
import zhCN from './messages/zh-CN'
import en from './messages/en'

/** The Chinese messages are the reference: every other locale must have the same keys. */
export type MessageSchema = typeof zhCN
export type AppLocale = 'zh-CN' | 'en'

export const DEFAULT_LOCALE: AppLocale = 'zh-CN'

export function createAppI18n(locale: AppLocale = DEFAULT_LOCALE) {
  return createI18n<[MessageSchema], AppLocale, false>({
    legacy: false,
    locale,
    fallbackLocale: DEFAULT_LOCALE,
    messages: { 'zh-CN': zhCN, en },
  })
}
