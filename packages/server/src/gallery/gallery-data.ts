// The gallery's personal data for the privacy centre: what a customer published, liked,
// commented and reported. Export gives it all; erasure and withdrawing the co-creation consent
// delete it all (their publications with the likes, comments and remix credits others gave them).
import type { PersonalDataHolder } from '../privacy/personal-data.ts';
import { customerGalleryData, deleteCustomerGalleryData } from './gallery.store.ts';
import { GALLERY_PURPOSE } from './gallery.ts';

export const galleryHolder: PersonalDataHolder = {
  name: 'gallery',
  async holdings(db, s) {
    const d = await customerGalleryData(db, s.tenantId, s.customerId);
    return [
      {
        purpose: GALLERY_PURPOSE,
        what: 'designs you published in the gallery',
        count: d.publications.length,
      },
      { purpose: GALLERY_PURPOSE, what: 'gallery designs you liked', count: d.likes.length },
      {
        purpose: GALLERY_PURPOSE,
        what: 'your comments (and reports) in the gallery',
        count: d.comments.length + d.reports.length,
      },
    ];
  },
  async export(db, s) {
    return customerGalleryData(db, s.tenantId, s.customerId);
  },
  async erase(db, s) {
    const deleted = await deleteCustomerGalleryData(db, s.tenantId, s.customerId);
    return { deleted, kept: [] };
  },
  async withdrawn(db, s, purpose) {
    if (purpose !== GALLERY_PURPOSE) return;
    await deleteCustomerGalleryData(db, s.tenantId, s.customerId);
  },
};
