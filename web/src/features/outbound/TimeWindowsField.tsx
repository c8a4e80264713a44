/**
 * The weekly calling windows of a campaign, several of them: the weekdays and a from–to time
 * each (tenant-local; the dialler also skips the tenant calendar's holidays).
 */
import { Button, Checkbox, Flex, Form, Input } from 'antd';
import { useTranslation } from 'react-i18next';

const WEEKDAYS = [1, 2, 3, 4, 5, 6, 7] as const;
// 24-hour HH:MM typed as text: the browser's own time field would show 12-hour times in English.
const HHMM = /^([01]\d|2[0-3]):[0-5]\d$/;

export function TimeWindowsField({ disabled }: { disabled: boolean }) {
  const { t } = useTranslation();
  return (
    <Form.List name="timeWindows">
      {(fields, { add, remove }) => (
        <Flex vertical gap={4}>
          {fields.map((field, index) => (
            <Flex key={field.key} gap={12} align="start" wrap data-testid="time-window">
              {/* A validator, not "required": antd would put aria-required on the group, which ARIA does not allow there. */}
              <Form.Item name={[field.name, 'days']} label={t('outbound.windows.days', { n: index + 1 })} rules={[{ validator: (_, days?: number[]) => (days?.length ? Promise.resolve() : Promise.reject(new Error(t('outbound.windows.daysRequired')))) }]} style={{ marginBottom: 8 }}>
                <Checkbox.Group disabled={disabled} options={WEEKDAYS.map((d) => ({ value: d, label: t(`outbound.weekdays.${d}`) }))} />
              </Form.Item>
              <Form.Item name={[field.name, 'from']} label={t('outbound.windows.from')} rules={[{ required: true, message: t('common.required') }, { pattern: HHMM, message: t('outbound.windows.hhmm') }]} style={{ marginBottom: 8 }}>
                <Input placeholder="09:00" maxLength={5} disabled={disabled} style={{ width: 100 }} />
              </Form.Item>
              <Form.Item name={[field.name, 'to']} label={t('outbound.windows.to')} rules={[{ required: true, message: t('common.required') }, { pattern: HHMM, message: t('outbound.windows.hhmm') }]} style={{ marginBottom: 8 }}>
                <Input placeholder="09:00" maxLength={5} disabled={disabled} style={{ width: 100 }} />
              </Form.Item>
              {fields.length > 1 && !disabled ? (
                <Button type="link" danger onClick={() => remove(field.name)} aria-label={t('outbound.windows.removeNth', { n: index + 1 })} style={{ marginTop: 30 }}>
                  {t('outbound.windows.remove')}
                </Button>
              ) : null}
            </Flex>
          ))}
          {disabled ? null : (
            <Button onClick={() => add({ days: [1, 2, 3, 4, 5], from: '09:00', to: '17:00' })} style={{ alignSelf: 'flex-start' }}>
              {t('outbound.windows.add')}
            </Button>
          )}
        </Flex>
      )}
    </Form.List>
  );
}
