import { defineMessages } from '../lib/i18n.js';

const en = {
  search: 'Search courses',
  searchHint: 'Type in Hindi, Marathi or English',
  filters: 'Filter and sort courses',
  category: 'Category',
  allCategories: 'All categories',
  'cat:crop-management': 'Crop management',
  'cat:irrigation': 'Irrigation',
  'cat:pest-control': 'Pest control',
  'cat:soil-health': 'Soil health',
  'cat:equipment': 'Equipment',
  'cat:weather': 'Weather',
  level: 'Level',
  allLevels: 'All levels',
  'level:beginner': 'Beginner',
  'level:intermediate': 'Intermediate',
  'level:advanced': 'Advanced',
  language: 'Language',
  allLanguages: 'All languages',
  'lang:en': 'English',
  'lang:hi': 'Hindi',
  'lang:mr': 'Marathi',
  price: 'Price',
  allPrices: 'Free and paid',
  paid: 'Paid',
  sort: 'Sort by',
  'sort:relevance': 'Best match',
  'sort:newest': 'Newest',
  'sort:rating': 'Top rated',
  'sort:popular': 'Most popular',
  'sort:price_asc': 'Price: low to high',
  'sort:price_desc': 'Price: high to low',
  courses: 'Courses',
  results: '{count} courses shown',
  noResults: 'No courses match your search.',
  clearFilters: 'Clear filters',
  loadMore: 'Show more courses',
  loadingMore: 'Loading more courses…',
  lessons: '{count} lessons',
  learners: '{count} learners',
  ratingLabel: 'Rated {rating} out of 5 by {count} learners',
  originalPrice: 'Original price',
  salePrice: 'Sale price',
  discount: '{percent}% off',
};

/** Every key of the catalog below; `locales/course-catalog.hi.ts` and `.mr.ts` must translate each one. */
export type Strings = Record<keyof typeof en, string>;

/** Strings of `<furrow-course-catalog>`: English inline, Hindi and Marathi loaded on demand. */
export const catalogMessages = defineMessages(en, {
  hi: () => import('./locales/course-catalog.hi.js'),
  mr: () => import('./locales/course-catalog.mr.js'),
});
