/** A calendar the back office can replace while the core keeps its reference. */
import { Calendar, type LocalTime, type WorkCalendar } from '../../calendar/work-calendar.js';

export class SwitchableCalendar implements WorkCalendar {
  current = new Calendar();
  get timeZone(): string {
    return this.current.timeZone;
  }
  localTime(at: number): LocalTime {
    return this.current.localTime(at);
  }
  isHoliday(date: string): boolean {
    return this.current.isHoliday(date);
  }
  isWorkingDay(date: string): boolean {
    return this.current.isWorkingDay(date);
  }
}
