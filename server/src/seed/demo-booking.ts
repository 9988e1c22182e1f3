import type { Seeder } from './demo.js';
import { newId } from '../core/ids.js';

/** One demo slot: days and hour (IST) from seed time, length, price in paise, notes. */
interface DemoSlot {
  instructor: 'sunita' | 'rajesh';
  day: number;
  /** Local hour in Asia/Kolkata (UTC+5:30, no DST). */
  hourIst: number;
  minutes: number;
  price: number;
  notes: string;
  course?: string;
}

const IST_OFFSET_MINUTES = 330;

/** Two weeks of office hours in English, Hindi and Marathi; some free, some paid in INR. */
const DEMO_SLOTS: DemoSlot[] = [
  { instructor: 'sunita', day: 1, hourIst: 10, minutes: 30, price: 0, notes: 'Free 30-minute soil test Q&A — bring your soil health card.', course: 'soil-testing' },
  { instructor: 'sunita', day: 2, hourIst: 17, minutes: 45, price: 19900, notes: 'गांडूळ खत प्रकल्पाची वैयक्तिक मदत (मराठी).', course: 'organic-compost' },
  { instructor: 'sunita', day: 4, hourIst: 11, minutes: 60, price: 29900, notes: 'ऊस पिकासाठी ठिबक व पाणी नियोजन — तुमच्या शेताचा आराखडा घेऊन या.', course: 'sugarcane-water' },
  { instructor: 'sunita', day: 6, hourIst: 9, minutes: 30, price: 0, notes: 'खरीप पेरणी: बियाणे आणि खत नियोजनावर मोफत सल्ला.', course: 'kharif-sowing' },
  { instructor: 'sunita', day: 9, hourIst: 16, minutes: 60, price: 49900, notes: 'Crop rotation plan for your farm, one to one (English / हिंदी).' },
  { instructor: 'sunita', day: 13, hourIst: 10, minutes: 30, price: 0, notes: 'मिट्टी की जाँच रिपोर्ट समझें — मुफ़्त सत्र।' },
  { instructor: 'rajesh', day: 1, hourIst: 15, minutes: 60, price: 24900, notes: 'ड्रिप सिंचाई का डिज़ाइन — अपने खेत का नक्शा साथ लाएँ।', course: 'drip-irrigation' },
  { instructor: 'rajesh', day: 3, hourIst: 8, minutes: 30, price: 0, notes: 'ट्रैक्टर की रोज़ाना देखभाल पर मुफ़्त सवाल-जवाब।', course: 'tractor-maintenance' },
  { instructor: 'rajesh', day: 5, hourIst: 18, minutes: 45, price: 39900, notes: 'Solar pump sizing consultation: bring your well depth and land area.' },
  { instructor: 'rajesh', day: 8, hourIst: 11, minutes: 30, price: 0, notes: 'मौसम पूर्वानुमान ऐप्स का उपयोग — मुफ़्त परिचय।', course: 'monsoon-forecast' },
  { instructor: 'rajesh', day: 11, hourIst: 14, minutes: 60, price: 99900, notes: 'Drone spraying: licence, safety and cost walk-through.', course: 'precision-drone' },
  { instructor: 'rajesh', day: 14, hourIst: 9, minutes: 30, price: 9900, notes: 'माहू नियंत्रण के जैविक उपाय — 30 मिनट।', course: 'aphid-control' },
];

/** The instant `day` days after `now` at `hourIst`:00 India time. */
function istAt(now: Date, day: number, hourIst: number): Date {
  const d = new Date(now.getTime() + day * 86_400_000);
  const utcMinutes = hourIst * 60 - IST_OFFSET_MINUTES;
  return new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), d.getUTCDate(), 0, utcMinutes));
}

/**
 * Demo availability for the two instructors over the 14 days after seeding, in IST office
 * hours, stored in UTC. Slots never overlap per instructor (one per day at most).
 *
 * @example
 * ```ts
 * await seedDemo(db, [bookingSeeder]);
 * ```
 */
export const bookingSeeder: Seeder = async (ctx) => {
  for (const s of DEMO_SLOTS) {
    const start = istAt(ctx.now, s.day, s.hourIst);
    const courseId = s.course ? ctx.courses.get(s.course) ?? null : null;
    await ctx.q.query(
      `INSERT INTO availability_slots (id, instructor_id, course_id, starts_at, ends_at, price_amount, currency, notes) VALUES ($1,$2,$3,$4,$5,$6,'INR',$7)`,
      [newId(), ctx.users[s.instructor], courseId, start, new Date(start.getTime() + s.minutes * 60_000), s.price, s.notes],
    );
  }
};
