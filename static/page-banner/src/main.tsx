import '../../common/base.css';
import { mount } from '../../common/mount';
import { ProfileBanner } from './ProfileBanner';

mount(<ProfileBanner />);
