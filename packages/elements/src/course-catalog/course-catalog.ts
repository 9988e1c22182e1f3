import { FurrowCourseCatalog } from './course-catalog.component.js';

export { FurrowCourseCatalog };

if (!customElements.get('furrow-course-catalog')) customElements.define('furrow-course-catalog', FurrowCourseCatalog);

declare global {
  interface HTMLElementTagNameMap {
    'furrow-course-catalog': FurrowCourseCatalog;
  }
}
