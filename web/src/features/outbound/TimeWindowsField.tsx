/**
 * The weekly calling windows of a campaign, several of them: the weekdays and a from–to time
 * each (tenant-local; the dialler also skips the tenant calendar's holidays).
 */
import { Button, Checkbox, Flex, Form, Input } from 'antd';
import { useTranslation } from 'react-i18next';

const WEEKDAYS = [1, 2, 3, 4, 5, 6, 7] as const;

export function TimeWindowsField({ disabled }: { disabled: boolean }) {
  const { t } = useTranslation();
  return (
    <Form.List name="timeWindows">
      {(fields, { add, remove }) => (
        <Flex vertical gap={4}>
          {fields.map((field, index) => (
            <Flex key={field.key} gap={12} align="start" wrap data-testid="time-window">
              <Form.Item name={[field.name, 'days']} label={t('outbound.windows.days', { n: index + 1 })} rules={[{ required: true, message: t('outbound.windows.daysRequired') }]} style={{ marginBottom: 8 }}>
                <Checkbox.Group disabled={disabled} options={WEEKDAYS.map((d) => ({ value: d, label: t(`outbound.weekdays.${d}`) }))} />
              </Form.Item>
              <Form.Item name={[field.name, 'from']} label={t('outbound.windows.from')} rules={[{ required: true, message: t('common.required') }]} style={{ marginBottom: 8 }}>
                <Input type="time" disabled={disabled} style={{ width: 120 }} />
              </Form.Item>
              <Form.Item name={[field.name, 'to']} label={t('outbound.windows.to')} rules={[{ required: true, message: t('common.required') }]} style={{ marginBottom: 8 }}>
                <Input type="time" disabled={disabled} style={{ width: 120 }} />
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
