import '../../common/base.css';
import '../../common/dialog.css';
import { mount } from '../../common/mount';
import { ReviewApp } from './Review';

mount(<ReviewApp />);
