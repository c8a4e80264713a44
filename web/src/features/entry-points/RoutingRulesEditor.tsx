/**
 * The routing rules of an entry point, inside its form: tried in order, the first whose every
 * condition holds picks the queue. Each rule: the queue, an optional caller priority, which
 * days, weekdays, calling and called numbers (exact or prefix) and time windows. Fields carry
 * the form names of the API's paths (rules.N.timeOfDay.M.from), so the server's messages land
 * on them.
 */
import { Button, Card, Flex, Form, Input, InputNumber, Select, Space, Switch } from 'antd';
import { useTranslation } from 'react-i18next';
import { DAY_KINDS, newRule } from './rule-values.js';

const WEEKDAYS = [1, 2, 3, 4, 5, 6, 0];

export function RoutingRulesEditor({ queueOptions }: { queueOptions: Array<{ value: string; label: string }> }) {
  const { t } = useTranslation();
  const numberTags = (label: string) => <Select mode="tags" aria-label={label} placeholder={t('rules.numbersPlaceholder')} tokenSeparators={[',', ' ']} style={{ minWidth: 200 }} />;
  return (
    <Form.List name="rules">
      {(fields, { add, remove, move }) => (
        <fieldset style={{ border: 0, padding: 0, margin: 0 }}>
          <legend style={{ fontSize: 14, marginBottom: 8 }}>{t('entryPoints.rules')}</legend>
          {fields.map((field, index) => (
            <Card
              key={field.key}
              size="small"
              style={{ marginBottom: 12 }}
              title={t('rules.ruleN', { n: index + 1 })}
              extra={
                <Space size={0}>
                  <Button type="link" disabled={index === 0} onClick={() => move(index, index - 1)} aria-label={t('rules.moveUpN', { n: index + 1 })}>
                    {t('rules.moveUp')}
                  </Button>
                  <Button type="link" danger onClick={() => remove(field.name)} aria-label={t('rules.removeN', { n: index + 1 })}>
                    {t('common.delete')}
                  </Button>
                </Space>
              }
            >
              <Flex gap={12} wrap>
                <Form.Item name={[field.name, 'id']} label={t('rules.id')} rules={[{ required: true, message: t('common.required') }]}>
                  <Input style={{ width: 140 }} />
                </Form.Item>
                <Form.Item name={[field.name, 'queueId']} label={t('rules.queue')} rules={[{ required: true, message: t('common.required') }]}>
                  <Select style={{ width: 200 }} options={queueOptions} />
                </Form.Item>
                <Form.Item name={[field.name, 'priority']} label={t('rules.priority')}>
                  <InputNumber style={{ width: 100 }} />
                </Form.Item>
                <Form.Item name={[field.name, 'enabled']} label={t('rules.enabled')} valuePropName="checked">
                  <Switch />
                </Form.Item>
              </Flex>
              <Flex gap={12} wrap>
                <Form.Item name={[field.name, 'days']} label={t('rules.days')}>
                  <Select style={{ width: 180 }} options={DAY_KINDS.map((d) => ({ value: d, label: t(`rules.dayKinds.${d}`) }))} />
                </Form.Item>
                <Form.Item name={[field.name, 'weekdays']} label={t('rules.weekdays')}>
                  <Select mode="multiple" allowClear style={{ minWidth: 260 }} placeholder={t('rules.anyWeekday')} options={WEEKDAYS.map((d) => ({ value: d, label: t(`calendar.weekdays.${d}`) }))} />
                </Form.Item>
              </Flex>
              <Flex gap={12} wrap>
                <Form.Item name={[field.name, 'callingNumber', 'exact']} label={t('rules.callingExact')}>
                  {numberTags(t('rules.callingExact'))}
                </Form.Item>
                <Form.Item name={[field.name, 'callingNumber', 'prefix']} label={t('rules.callingPrefix')}>
                  {numberTags(t('rules.callingPrefix'))}
                </Form.Item>
                <Form.Item name={[field.name, 'calledNumber', 'exact']} label={t('rules.calledExact')}>
                  {numberTags(t('rules.calledExact'))}
                </Form.Item>
                <Form.Item name={[field.name, 'calledNumber', 'prefix']} label={t('rules.calledPrefix')}>
                  {numberTags(t('rules.calledPrefix'))}
                </Form.Item>
              </Flex>
              <Form.List name={[field.name, 'timeOfDay']}>
                {(windows, { add: addWindow, remove: removeWindow }) => (
                  <fieldset style={{ border: 0, padding: 0, margin: 0 }}>
                    <legend style={{ fontSize: 14, marginBottom: 8 }}>{t('rules.timeOfDay')}</legend>
                    {windows.map((w) => (
                      <Space key={w.key} align="baseline">
                        <Form.Item name={[w.name, 'from']} rules={[{ required: true, message: t('common.required') }]}>
                          <Input aria-label={t('rules.from')} placeholder="08:00" style={{ width: 100 }} />
                        </Form.Item>
                        <span aria-hidden="true">–</span>
                        <Form.Item name={[w.name, 'to']} rules={[{ required: true, message: t('common.required') }]}>
                          <Input aria-label={t('rules.to')} placeholder="18:00" style={{ width: 100 }} />
                        </Form.Item>
                        <Button type="link" danger onClick={() => removeWindow(w.name)}>
                          {t('common.delete')}
                        </Button>
                      </Space>
                    ))}
                    <Button size="small" onClick={() => addWindow({ from: '', to: '' })}>
                      {t('rules.addWindow')}
                    </Button>
                  </fieldset>
                )}
              </Form.List>
            </Card>
          ))}
          <Button onClick={() => add(newRule(fields.length, queueOptions[0]?.value))}>{t('rules.add')}</Button>
        </fieldset>
      )}
    </Form.List>
  );
}
